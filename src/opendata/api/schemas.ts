// JSON Schemas (OpenAPI 3.1 dialect = JSON Schema 2020-12) of the open-data API's answers.
// The tests validate real responses against them: every field the API returns is listed here,
// and `additionalProperties: false` makes a new (possibly private) field fail the tests until
// it is documented.

export type JsonSchema = { [keyword: string]: unknown };

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str: JsonSchema = { type: 'string' };
const int: JsonSchema = { type: 'integer' };
const nullable = (type: string): JsonSchema => ({ type: [type, 'null'] });

function object(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties),
    properties,
    additionalProperties: false,
  };
}

function page(item: string): JsonSchema {
  return object(
    {
      items: { type: 'array', items: ref(item) },
      total: { ...int, minimum: 0, description: 'Nombre total de résultats pour ces filtres' },
      limit: { ...int, minimum: 1, maximum: 500 },
      offset: { ...int, minimum: 0 },
      next: { type: ['string', 'null'], description: 'URL de la page suivante, null sur la dernière' },
    },
    `Une page de résultats (${item})`,
  );
}

const territoryKind: JsonSchema = {
  type: 'string',
  description: '`commune`, `secteur` (Paris, Lyon, Marseille), `circonscription` (`62-13`) ou `national`',
};

const ballotFields = {
  id: { ...str, description: 'Identifiant stable : `municipales-2026.62498`, `legislatives-2024.62-13`' },
  election_id: str,
  name: str,
  territory_kind: territoryKind,
  territory_code: str,
};

const listFields = {
  id: str,
  ballot_id: str,
  election_id: str,
  territory_kind: territoryKind,
  territory_code: str,
  panel: { ...int, description: 'Numéro de panneau' },
  short_name: str,
  name: str,
  nuance_code: nullable('string'),
  nuance_label: nullable('string'),
  website: nullable('string'),
};

export const schemas: Record<string, JsonSchema> = {
  Error: object(
    {
      error: { type: 'string', enum: ['invalid_parameter', 'not_found'] },
      message: { ...str, description: 'Explication en français' },
    },
    'Erreur',
  ),
  CommuneHit: object({
    insee: str,
    name: str,
    kind: { type: 'string', enum: ['commune', 'arrondissement'] },
    departement_code: str,
    departement_name: str,
    population: nullable('integer'),
  }),
  CommuneSearch: {
    type: 'object',
    required: ['query', 'results'],
    properties: {
      query: str,
      results: { type: 'array', items: ref('CommuneHit') },
      message: { ...str, description: 'Présent quand la recherche est trop courte' },
    },
    additionalProperties: false,
  },
  Commune: object({
    insee: str,
    name: str,
    kind: { type: 'string', enum: ['commune', 'arrondissement'] },
    parent_insee: nullable('string'),
    population: nullable('integer'),
    departement_code: str,
    departement_name: str,
    region_code: str,
    region_name: nullable('string'),
    postcodes: { type: 'array', items: str },
    intercommunalities: {
      type: 'array',
      items: object({ code: str, name: str, kind: str, population: nullable('integer') }),
    },
    arrondissements: {
      type: 'array',
      items: object({ insee: str, name: str, population: nullable('integer') }),
    },
    parent: { oneOf: [{ type: 'null' }, object({ insee: str, name: str })] },
  }),
  Election: object({
    id: { ...str, description: 'ex. `municipales-2026`' },
    kind: str,
    name: str,
    year: int,
    scope: str,
    rounds: { type: 'array', items: object({ number: int, date: { ...str, description: 'AAAA-MM-JJ' } }) },
  }),
  ElectionList: object({ items: { type: 'array', items: ref('Election') }, total: int }),
  Ballot: object(ballotFields, 'Un scrutin : une élection dans une circonscription électorale'),
  BallotDetails: object({
    ...ballotFields,
    lists: { type: 'array', items: ref('List') },
    candidates: {
      type: 'array',
      items: ref('Candidacy'),
      description: 'Candidats hors liste (législatives), dans l’ordre des panneaux',
    },
  }),
  List: object(listFields, 'Une liste de candidats'),
  ListDetails: object({
    ...listFields,
    members: { type: 'array', items: ref('Candidacy'), description: 'Dans l’ordre de la liste' },
  }),
  Candidacy: object(
    {
      id: str,
      ballot_id: str,
      election_id: str,
      list_id: nullable('string'),
      person_id: str,
      position: { ...nullable('integer'), description: 'Rang sur la liste' },
      panel: { ...nullable('integer'), description: 'Panneau (candidats hors liste)' },
      head: { type: 'boolean', description: 'Tête de liste' },
      nuance_code: nullable('string'),
      sex: nullable('string'),
      last_name: str,
      first_name: str,
      profession: nullable('string'),
      outgoing: nullable('boolean'),
      communautaire: nullable('boolean'),
      substitute_last_name: nullable('string'),
      substitute_first_name: nullable('string'),
    },
    'Une candidature (sans date de naissance ni autre donnée personnelle)',
  ),
  Person: object(
    {
      id: str,
      last_name: str,
      first_name: str,
      candidacies: {
        type: 'array',
        items: object({
          id: str,
          election_id: str,
          election_name: str,
          year: int,
          ballot_id: str,
          ballot_name: str,
          territory_kind: territoryKind,
          territory_code: str,
          list_id: nullable('string'),
          list_name: nullable('string'),
          position: nullable('integer'),
          panel: nullable('integer'),
          head: { type: 'boolean' },
          nuance_code: nullable('string'),
          last_name: str,
          first_name: str,
        }),
      },
    },
    'Une personne candidate : noms et candidatures publiques seulement',
  ),
  Statistics: (() => {
    const count = { ...int, minimum: 0 };
    const share = {
      type: ['number', 'null'],
      minimum: 0,
      maximum: 1,
      description: 'Part des listes contactées (0 à 1), null sans liste',
    };
    const area = {
      code: str,
      name: str,
      signatures: count,
      lists: count,
      lists_contacted: count,
      coverage: share,
    };
    return object(
      {
        election: object({ id: str, name: str, first_round: nullable('string') }),
        totals: object({
          signatures: { ...count, description: 'Signatures publiées' },
          heads_of_list: { ...count, description: 'Dont têtes de liste' },
          elected: { ...nullable('integer'), description: 'Signataires élus ; null tant que ce n’est pas connu' },
          second_round: {
            ...nullable('integer'),
            description: 'Signataires au second tour ; null tant que ce n’est pas connu',
          },
          communes: { ...count, description: 'Communes avec au moins une signature' },
          lists: count,
          lists_contacted: count,
          lists_answered: count,
          lists_signed: count,
        }),
        timeline: {
          type: 'array',
          items: object({ day: { ...str, format: 'date' }, signatures: count, total: count }),
        },
        departements: { type: 'array', items: object({ ...area, region_code: nullable('string') }) },
        regions: { type: 'array', items: object(area) },
        nuances: {
          type: 'array',
          description: 'Par nuance, dans l’ordre alphabétique des libellés (pas de classement)',
          items: object({
            code: str,
            label: str,
            lists: count,
            lists_contacted: count,
            lists_answered: count,
            lists_signed: count,
          }),
        },
      },
      'Chiffres publics de la campagne pour une élection (aucune donnée personnelle)',
    );
  })(),
  Signature: object(
    {
      id: { ...str, description: 'Page publique : `/signataires/{id}`' },
      variant: {
        type: 'string',
        enum: ['list', 'individual'],
        description: '`list` : la liste a signé ; `individual` : la personne',
      },
      election_id: str,
      election_name: str,
      ballot_id: nullable('string'),
      list_id: { type: ['string', 'null'], description: 'Liste officielle, quand la signature y est rattachée' },
      list_name: { ...str, description: 'Nom officiel de la liste, ou tel que saisi' },
      position: { type: ['integer', 'null'], description: 'Position sur la liste, telle que donnée par le signataire' },
      candidacy_id: nullable('string'),
      person_id: nullable('string'),
      first_name: str,
      last_name: str,
      parties: str,
      commune_insee: nullable('string'),
      commune_name: str,
      departement_code: nullable('string'),
      nuance_code: nullable('string'),
      nuance_label: nullable('string'),
      comment: {
        type: ['string', 'null'],
        description: 'Réponse ou commentaire, seulement si le signataire a accepté sa publication',
      },
      signed_on: { ...str, description: '« Fait le », tel que saisi' },
      published_at: { ...str, format: 'date-time' },
    },
    'Une signature publiée (jamais de téléphone ni de courriel)',
  ),
  SignaturePage: page('Signature'),
  BallotPage: page('Ballot'),
  ListPage: page('List'),
  CandidacyPage: page('Candidacy'),
};
