import { DEFAULT_LIMIT, MAX_LIMIT } from './params.ts';
import { type JsonSchema, schemas } from './schemas.ts';

// The OpenAPI 3.1 description of the open-data API, served at /api/v1/openapi.json. Every route of
// api.routes.ts is described here; api.test.ts checks real answers against these schemas.

interface Parameter {
  name: string;
  in: 'query' | 'path';
  required?: boolean;
  description: string;
  schema: JsonSchema;
}

interface Response {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: Parameter[];
  responses: Record<string, Response>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string; license: { name: string; identifier: string } };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, { get: Operation }>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, Parameter> };
}

const json = (name: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });
const param = (name: string) => ({ $ref: `#/components/parameters/${name}` }) as unknown as Parameter;

const cacheHeaders = {
  ETag: { description: 'Empreinte du corps de la réponse (à renvoyer dans If-None-Match)', schema: { type: 'string' } },
  'Cache-Control': { description: '`public, max-age=60`', schema: { type: 'string' } },
  'Access-Control-Allow-Origin': { description: '`*` : lisible depuis tout site', schema: { type: 'string' } },
};

function ok(schema: string, description: string): Record<string, Response> {
  return {
    '200': { description, headers: cacheHeaders, content: json(schema) },
    '304': { description: 'Inchangé depuis la version identifiée par If-None-Match' },
  };
}
const badRequest: Record<string, Response> = { '400': { description: 'Paramètre invalide', content: json('Error') } };
const notFound = (what: string): Record<string, Response> => ({
  '404': { description: `${what} inconnu(e)`, content: json('Error') },
});

function pathId(name: string, description: string): Parameter {
  return {
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,100}$' },
  };
}

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Pacte — API des données ouvertes',
    version: '1.0.0',
    description:
      'Élections, scrutins, listes et candidatures publiés par Pacte, en lecture seule, sous Licence Ouverte 2.0. ' +
      'Aucune adresse de courriel, aucun numéro de téléphone ni aucune date de naissance. ' +
      `Les collections sont paginées (\`limit\` ≤ ${MAX_LIMIT}, ${DEFAULT_LIMIT} par défaut, \`offset\`) ; ` +
      'les réponses portent un ETag et peuvent être mises en cache une minute. ' +
      'Un paramètre inconnu ou invalide est refusé (400, message en français).',
    license: { name: 'Licence Ouverte 2.0', identifier: 'etalab-2.0' },
  },
  servers: [{ url: '/api/v1' }],
  tags: [
    { name: 'territoires', description: 'Communes' },
    { name: 'élections', description: 'Élections, scrutins, listes, candidatures et personnes' },
    { name: 'campagne', description: 'Chiffres publics de la campagne' },
    { name: 'méta', description: 'Ce document' },
  ],
  paths: {
    '/openapi.json': {
      get: {
        operationId: 'getOpenApi',
        summary: 'Ce document OpenAPI',
        tags: ['méta'],
        responses: {
          '200': {
            description: 'Document OpenAPI 3.1',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
        },
      },
    },
    '/communes': {
      get: {
        operationId: 'searchCommunes',
        summary: 'Rechercher une commune par nom, code postal ou code INSEE (20 résultats au plus)',
        tags: ['territoires'],
        parameters: [
          {
            name: 'q',
            in: 'query',
            required: true,
            description: 'ex. `lens`, `62300`, `62498`',
            schema: { type: 'string' },
          },
        ],
        responses: { ...ok('CommuneSearch', 'Communes trouvées, les plus peuplées d’abord'), ...badRequest },
      },
    },
    '/communes/{insee}': {
      get: {
        operationId: 'getCommune',
        summary: 'Fiche d’une commune',
        tags: ['territoires'],
        parameters: [
          {
            name: 'insee',
            in: 'path',
            required: true,
            description: 'Code INSEE, ex. `62498`',
            schema: { type: 'string' },
          },
        ],
        responses: { ...ok('Commune', 'La commune'), ...badRequest, ...notFound('Commune') },
      },
    },
    '/elections': {
      get: {
        operationId: 'listElections',
        summary: 'Toutes les élections, les plus récentes d’abord',
        tags: ['élections'],
        responses: { ...ok('ElectionList', 'Les élections'), ...badRequest },
      },
    },
    '/elections/{id}': {
      get: {
        operationId: 'getElection',
        summary: 'Une élection et ses tours',
        tags: ['élections'],
        parameters: [pathId('id', 'ex. `municipales-2026`')],
        responses: { ...ok('Election', 'L’élection'), ...badRequest, ...notFound('Élection') },
      },
    },
    '/ballots': {
      get: {
        operationId: 'listBallots',
        summary: 'Scrutins (une élection dans une commune, un secteur ou une circonscription)',
        tags: ['élections'],
        parameters: [param('limit'), param('offset'), param('election'), param('commune'), param('departement')],
        responses: { ...ok('BallotPage', 'Une page de scrutins, par identifiant'), ...badRequest },
      },
    },
    '/ballots/{id}': {
      get: {
        operationId: 'getBallot',
        summary: 'Un scrutin, ses listes et ses candidats hors liste',
        tags: ['élections'],
        parameters: [pathId('id', 'ex. `municipales-2026.62498`')],
        responses: { ...ok('BallotDetails', 'Le scrutin'), ...badRequest, ...notFound('Scrutin') },
      },
    },
    '/lists': {
      get: {
        operationId: 'listLists',
        summary: 'Listes de candidats',
        tags: ['élections'],
        parameters: [
          param('limit'),
          param('offset'),
          param('election'),
          param('commune'),
          param('departement'),
          { name: 'ballot', in: 'query', description: 'Identifiant de scrutin', schema: { type: 'string' } },
          { name: 'nuance', in: 'query', description: 'Code de nuance, ex. `LDVG`', schema: { type: 'string' } },
        ],
        responses: { ...ok('ListPage', 'Une page de listes, par scrutin puis panneau'), ...badRequest },
      },
    },
    '/lists/{id}': {
      get: {
        operationId: 'getList',
        summary: 'Une liste et ses candidats dans l’ordre',
        tags: ['élections'],
        parameters: [pathId('id', 'Identifiant de liste')],
        responses: { ...ok('ListDetails', 'La liste'), ...badRequest, ...notFound('Liste') },
      },
    },
    '/candidacies': {
      get: {
        operationId: 'listCandidacies',
        summary: 'Candidatures',
        tags: ['élections'],
        parameters: [
          param('limit'),
          param('offset'),
          param('election'),
          { name: 'ballot', in: 'query', description: 'Identifiant de scrutin', schema: { type: 'string' } },
          { name: 'list', in: 'query', description: 'Identifiant de liste', schema: { type: 'string' } },
        ],
        responses: {
          ...ok('CandidacyPage', 'Une page de candidatures, par scrutin, liste et rang'),
          ...badRequest,
        },
      },
    },
    '/statistics': {
      get: {
        operationId: 'getStatistics',
        summary: 'Chiffres de la campagne : signatures par jour, département, région ; couverture par nuance',
        tags: ['campagne'],
        parameters: [param('election')],
        responses: {
          ...ok('Statistics', 'Les chiffres (l’élection en cours par défaut)'),
          ...badRequest,
          ...notFound('Élection'),
        },
      },
    },
    '/signatures': {
      get: {
        operationId: 'listSignatures',
        summary: 'Signatures du pacte vérifiées et publiées, les plus récentes d’abord',
        tags: ['campagne'],
        parameters: [
          param('limit'),
          param('offset'),
          param('election'),
          param('departement'),
          param('commune'),
          { name: 'nuance', in: 'query', description: 'Code de nuance, ex. `LDVG`', schema: { type: 'string' } },
          {
            name: 'reponse',
            in: 'query',
            description: '`avec` : seulement les signatures dont la réponse est publiée ; `sans` : les autres',
            schema: { type: 'string', enum: ['avec', 'sans'] },
          },
        ],
        responses: { ...ok('SignaturePage', 'Une page de signatures publiées'), ...badRequest },
      },
    },
    '/people/{id}': {
      get: {
        operationId: 'getPerson',
        summary: 'Une personne candidate : ses noms et toutes ses candidatures',
        tags: ['élections'],
        parameters: [pathId('id', 'Identifiant de personne')],
        responses: {
          ...ok('Person', 'La personne'),
          ...badRequest,
          '301': { description: 'Personne fusionnée avec une autre : redirection vers celle-ci' },
          ...notFound('Personne'),
        },
      },
    },
  },
  components: {
    schemas,
    parameters: {
      limit: {
        name: 'limit',
        in: 'query',
        description: `Nombre de résultats par page (${DEFAULT_LIMIT} par défaut, ${MAX_LIMIT} au plus : une valeur plus grande est ramenée à ${MAX_LIMIT})`,
        schema: { type: 'integer', minimum: 1, default: DEFAULT_LIMIT },
      },
      offset: {
        name: 'offset',
        in: 'query',
        description: 'Nombre de résultats à sauter (au-delà du dernier : page vide)',
        schema: { type: 'integer', minimum: 0, default: 0 },
      },
      election: {
        name: 'election',
        in: 'query',
        description: 'Identifiant d’élection, ex. `municipales-2026`',
        schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
      },
      commune: {
        name: 'commune',
        in: 'query',
        description: 'Code INSEE de la commune (scrutins de la commune et de ses secteurs)',
        schema: { type: 'string', pattern: '^[0-9][0-9ABab][0-9]{3}$' },
      },
      departement: {
        name: 'departement',
        in: 'query',
        description: 'Code de département (communes et circonscriptions du département)',
        schema: { type: 'string', pattern: '^([0-9]{2,3}|2[ABab])$' },
      },
    },
  },
};
