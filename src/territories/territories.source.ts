import { createRequire } from 'node:module';
import { normalizeSearch, searchWords } from '../db/portability.ts';
import type { Database } from '../db/schema.ts';

/** Reads the official reference data shipped in npm packages and shapes it into table rows. */

const require = createRequire(import.meta.url);

interface EtalabCommune {
  code: string;
  nom: string;
  type: string;
  commune?: string;
  departement: string;
  region: string;
  population?: number;
  codesPostaux?: string[];
}
interface EtalabGroup {
  code: string;
  nom: string;
  type: string;
  populationTotale?: number;
  membres: { code: string }[];
}

export interface TerritoryRows {
  regions: Database['regions'][];
  departements: Database['departements'][];
  communes: Database['communes'][];
  commune_words: Database['commune_words'][];
  postcodes: Database['postcodes'][];
  intercommunalities: Database['intercommunalities'][];
  intercommunality_members: Database['intercommunality_members'][];
  versions: { decoupage: string; codesPostaux: string };
}

const KEPT_TYPES: Record<string, string> = {
  'commune-actuelle': 'commune',
  'arrondissement-municipal': 'arrondissement',
};

export function readTerritorySource(): TerritoryRows {
  const data = (file: string) => require(`@etalab/decoupage-administratif/data/${file}.json`);
  const regions = (data('regions') as { code: string; nom: string }[]).map((r) => ({ code: r.code, name: r.nom }));
  const departements = (data('departements') as { code: string; nom: string; region: string }[]).map((d) => ({
    code: d.code,
    name: d.nom,
    region_code: d.region,
    search: normalizeSearch(d.nom),
  }));
  const communes: TerritoryRows['communes'] = [];
  const words: TerritoryRows['commune_words'] = [];
  const postcodes = new Map<string, { postcode: string; insee: string }>();
  const addPostcode = (postcode: string, insee: string) => postcodes.set(`${postcode}:${insee}`, { postcode, insee });
  for (const c of data('communes') as EtalabCommune[]) {
    const kind = KEPT_TYPES[c.type];
    if (!kind) continue;
    communes.push({
      insee: c.code,
      name: c.nom,
      kind,
      parent_insee: c.commune ?? null,
      departement_code: c.departement,
      region_code: c.region,
      population: c.population ?? null,
      search: searchWords(c.nom).join(' '),
    });
    for (const word of new Set(searchWords(c.nom))) words.push({ word, insee: c.code });
    for (const p of c.codesPostaux ?? []) addPostcode(p, c.code);
  }
  const known = new Set(communes.map((c) => c.insee));
  for (const p of require('codes-postaux/codes-postaux.json') as { codePostal: string; codeCommune: string }[]) {
    // The postcode file still names some communes merged since; only current communes are kept.
    if (known.has(p.codeCommune)) addPostcode(p.codePostal, p.codeCommune);
  }
  const intercommunalities: TerritoryRows['intercommunalities'] = [];
  const members: TerritoryRows['intercommunality_members'] = [];
  for (const group of [...(data('epci') as EtalabGroup[]), ...(data('ept') as EtalabGroup[])]) {
    intercommunalities.push({
      code: group.code,
      name: group.nom,
      kind: group.type,
      population: group.populationTotale ?? null,
    });
    for (const m of group.membres) {
      if (known.has(m.code)) members.push({ intercommunality_code: group.code, insee: m.code });
    }
  }
  return {
    regions,
    departements,
    communes,
    commune_words: words,
    postcodes: [...postcodes.values()],
    intercommunalities,
    intercommunality_members: members,
    versions: {
      decoupage: require('@etalab/decoupage-administratif/package.json').version,
      codesPostaux: require('codes-postaux/package.json').version,
    },
  };
}
