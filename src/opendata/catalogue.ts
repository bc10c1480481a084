import type { Db } from '../db/connection.ts';
import { signaturesDataset } from '../pledges/publication.service.ts';
import type { CampaignStatistics } from '../statistics/statistics.service.ts';
import type { Column, Dataset, Row } from './dataset.ts';
import {
  candidaciesDataset,
  communesDataset,
  type DatasetFilters,
  electionsDataset,
  listsDataset,
} from './datasets.ts';

/**
 * The open-data dump (/donnees): every public dataset, downloadable as CSV, ODS and JSON at
 * /donnees/NAME.FORMAT, with the same filters as the pages, and described column by column.
 */
export interface CatalogueEntry {
  /** URL name: /donnees/{name}.csv */
  name: string;
  title: { fr: string; en: string };
  description: { fr: string; en: string };
  /** Query filters the download accepts. */
  filters: (keyof DatasetFilters)[];
  build(db: Db, filters: DatasetFilters, stats: () => Promise<CampaignStatistics>): Dataset;
}

const col = (key: string, header: string, type: Column['type'] = 'string'): Column => ({ key, header, type });

const departementStatisticsColumns = [
  col('code_departement', 'Code département'),
  col('departement', 'Département'),
  col('code_region', 'Code région'),
  col('region', 'Région'),
  col('signatures', 'Signatures publiées', 'number'),
  col('listes', 'Listes', 'number'),
  col('listes_contactees', 'Listes contactées', 'number'),
  col('part_contactee', 'Part des listes contactées', 'number'),
];

function departementStatisticsDataset(stats: () => Promise<CampaignStatistics>): Dataset {
  return {
    name: 'statistiques-departements',
    columns: departementStatisticsColumns,
    async *rows() {
      for (const d of (await stats()).departements) {
        yield {
          code_departement: d.code,
          departement: d.name,
          code_region: d.regionCode,
          region: d.regionName,
          signatures: d.signatures,
          listes: d.lists,
          listes_contactees: d.contacted,
          part_contactee: d.coverage === null ? null : Math.round(d.coverage * 10_000) / 10_000,
        } satisfies Row;
      }
    },
  };
}

export const CATALOGUE: CatalogueEntry[] = [
  {
    name: 'signataires',
    title: { fr: 'Signataires du pacte', en: 'Signatories of the pact' },
    description: {
      fr: 'Chaque signature publiée : liste ou personne, commune, date ; la réponse seulement si le signataire a accepté sa publication.',
      en: 'Every published signature: list or person, commune, date; the answer only when the signatory agreed to its publication.',
    },
    filters: ['election', 'departement'],
    build: (db, filters) => signaturesDataset(db, filters),
  },
  {
    name: 'statistiques-departements',
    title: { fr: 'Statistiques par département', en: 'Statistics by département' },
    description: {
      fr: 'Signatures, listes et listes contactées par département pour l’élection en cours.',
      en: 'Signatures, lists and lists contacted by département for the current election.',
    },
    filters: [],
    build: (_db, _filters, stats) => departementStatisticsDataset(stats),
  },
  {
    name: 'candidatures',
    title: { fr: 'Candidatures', en: 'Candidacies' },
    description: {
      fr: 'Toutes les candidatures des fichiers officiels importés (sans date de naissance).',
      en: 'Every candidacy of the imported official files (without birth dates).',
    },
    filters: ['election', 'departement'],
    build: (db, filters) => candidaciesDataset(db, filters),
  },
  {
    name: 'listes',
    title: { fr: 'Listes', en: 'Lists' },
    description: {
      fr: 'Les listes candidates, leur nuance, leur tête de liste et leur nombre de candidats.',
      en: 'Candidate lists, their nuance, head of list and number of candidates.',
    },
    filters: ['election', 'departement'],
    build: (db, filters) => listsDataset(db, filters),
  },
  {
    name: 'elections',
    title: { fr: 'Élections', en: 'Elections' },
    description: { fr: 'Les élections suivies et la date de leurs tours.', en: 'Elections followed and their rounds.' },
    filters: ['election'],
    build: (db, filters) => electionsDataset(db, filters),
  },
  {
    name: 'communes',
    title: { fr: 'Communes', en: 'Communes' },
    description: {
      fr: 'Les communes et arrondissements municipaux, leur département, région, population et codes postaux.',
      en: 'Communes and municipal arrondissements, with département, region, population and postcodes.',
    },
    filters: ['departement'],
    build: (db, filters) => communesDataset(db, filters),
  },
];

/** What each column means, by key (the same key means the same thing in every dataset). */
export const COLUMN_DESCRIPTIONS: Record<string, { fr: string; en: string }> = {
  id: { fr: 'Identifiant stable de la ligne dans Pacte', en: 'Stable identifier of the row in Pacte' },
  type: {
    fr: '« liste » (la liste signe) ou « personne » (signature individuelle) ; pour les communes : commune ou arrondissement',
    en: '“liste” (the list signed) or “personne” (individual); for communes: commune or arrondissement',
  },
  election: { fr: 'Identifiant de l’élection, ex. municipales-2026', en: 'Election identifier, e.g. municipales-2026' },
  scrutin: {
    fr: 'Identifiant du scrutin : élection et territoire, ex. municipales-2026.62498',
    en: 'Ballot identifier: election and territory, e.g. municipales-2026.62498',
  },
  liste: { fr: 'Identifiant de la liste', en: 'List identifier' },
  libelle_liste: { fr: 'Nom de la liste', en: 'List name' },
  libelle: { fr: 'Nom complet de la liste (fichier officiel)', en: 'Full list name (official file)' },
  libelle_abrege: { fr: 'Nom abrégé de la liste (fichier officiel)', en: 'Short list name (official file)' },
  position: { fr: 'Rang sur la liste', en: 'Position on the list' },
  panneau: { fr: 'Numéro de panneau d’affichage', en: 'Poster board number' },
  personne: { fr: 'Identifiant de la personne (page /personnes/…)', en: 'Person identifier (page /personnes/…)' },
  nom: {
    fr: 'Nom de famille (ou nom de la commune, de l’élection)',
    en: 'Last name (or name of the commune, election)',
  },
  prenom: { fr: 'Prénom', en: 'First name' },
  sexe: { fr: 'Sexe déclaré dans le fichier officiel (F, M)', en: 'Sex as declared in the official file (F, M)' },
  partis: { fr: 'Parti(s) indiqué(s) par le signataire', en: 'Party or parties given by the signatory' },
  code_insee: { fr: 'Code officiel géographique de la commune (INSEE)', en: 'Official INSEE code of the commune' },
  commune: { fr: 'Nom de la commune', en: 'Name of the commune' },
  code_departement: { fr: 'Code du département (01 à 976, 2A, 2B)', en: 'Département code (01 to 976, 2A, 2B)' },
  departement: { fr: 'Nom du département', en: 'Name of the département' },
  code_region: { fr: 'Code INSEE de la région', en: 'INSEE code of the region' },
  region: { fr: 'Nom de la région', en: 'Name of the region' },
  population: { fr: 'Population municipale (INSEE)', en: 'Municipal population (INSEE)' },
  codes_postaux: { fr: 'Codes postaux, séparés par des espaces', en: 'Postcodes, separated by spaces' },
  code_territoire: {
    fr: 'Code INSEE de la commune, code de secteur ou de circonscription (62-13)',
    en: 'INSEE code of the commune, sector or circonscription (62-13)',
  },
  code_nuance: {
    fr: 'Nuance politique attribuée par le Ministère de l’Intérieur (code)',
    en: 'Political nuance given by the Ministry of the Interior (code)',
  },
  nuance: { fr: 'Libellé de la nuance', en: 'Label of the nuance' },
  tete_de_liste: {
    fr: 'La candidature est tête de liste (oui/non) ; pour les listes : nom de la tête de liste',
    en: 'The candidacy heads its list (yes/no); for lists: name of the head of list',
  },
  nombre_candidats: { fr: 'Nombre de candidats de la liste', en: 'Number of candidates on the list' },
  sortant: { fr: 'Élu sortant (législatives)', en: 'Outgoing member (législatives)' },
  communautaire: {
    fr: 'Candidat aussi au conseil communautaire (municipales)',
    en: 'Also candidate for the intercommunal council (municipales)',
  },
  date_signature: { fr: 'Date de signature indiquée sur le pacte', en: 'Signature date written on the pact' },
  date_publication: { fr: 'Date de publication sur Pacte', en: 'Date published on Pacte' },
  reponse: {
    fr: 'Réponse ou commentaire du signataire, mot pour mot, s’il a accepté sa publication',
    en: 'The signatory’s answer or comment, verbatim, if they agreed to its publication',
  },
  annee: { fr: 'Année de l’élection', en: 'Year of the election' },
  portee: {
    fr: 'Échelle des scrutins : commune, circonscription ou nationale',
    en: 'Scale of the ballots: commune, circonscription or national',
  },
  tour_1: { fr: 'Date du premier tour (AAAA-MM-JJ)', en: 'Date of the first round (YYYY-MM-DD)' },
  tour_2: { fr: 'Date du second tour, s’il y en a un', en: 'Date of the second round, if any' },
  signatures: { fr: 'Nombre de signatures publiées', en: 'Number of published signatures' },
  listes: { fr: 'Nombre de listes candidates', en: 'Number of candidate lists' },
  listes_contactees: {
    fr: 'Nombre de listes contactées par un bénévole ou une association relais',
    en: 'Number of lists contacted by a volunteer or relay organisation',
  },
  part_contactee: {
    fr: 'Part des listes contactées, de 0 à 1 (vide sans liste)',
    en: 'Share of lists contacted, from 0 to 1 (empty without lists)',
  },
};
