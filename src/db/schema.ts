import type { Generated } from 'kysely';

/** Table types. Booleans are 0/1 integers and timestamps ISO text on both databases (see portability.ts). */
export interface Database {
  settings: { key: string; value: string };
  data_sources: {
    id: string;
    name: string;
    publisher: string;
    licence: string;
    url: string;
    version: string | null;
    loaded_at: string;
    summary: string | null;
  };
  regions: { code: string; name: string };
  departements: { code: string; name: string; region_code: string; search: string };
  communes: {
    insee: string;
    name: string;
    /** 'commune' or 'arrondissement' (arrondissement municipal of Paris, Lyon, Marseille) */
    kind: string;
    parent_insee: string | null;
    departement_code: string;
    region_code: string;
    population: number | null;
    search: string;
  };
  commune_words: { word: string; insee: string };
  postcodes: { postcode: string; insee: string };
  intercommunalities: { code: string; name: string; kind: string; population: number | null };
  intercommunality_members: { intercommunality_code: string; insee: string };
  elections: { id: string; kind: string; name: string; year: number; scope: string };
  election_rounds: { election_id: string; number: number; date: string };
  ballots: {
    id: string;
    election_id: string;
    territory_kind: string;
    territory_code: string;
    name: string;
    created_at: Generated<string>;
  };
}
