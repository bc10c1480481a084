import { circonscriptionsOfDepartement } from '../candidates/candidates.service.ts';
import type { Db } from '../db/connection.ts';
import { searchWords } from '../db/portability.ts';
import * as q from './territories.queries.ts';

export type { CommuneHit } from './territories.queries.ts';

export const SEARCH_MIN_LENGTH = 2;
/** Longer queries are cut: no commune name is anywhere near this long. */
const SEARCH_MAX_LENGTH = 80;
const SEARCH_MAX_WORDS = 8;

export type SearchOutcome =
  | { status: 'ok'; query: string; results: q.CommuneHit[] }
  | { status: 'too_short'; query: string; results: [] };

/** Words the user may mean by an abbreviation typed so far ("st" may be "saint" or the start of "Stains"). */
const PREFIX_ALTERNATIVES: Record<string, string[]> = {
  saint: ['saint', 'st'],
  sainte: ['sainte', 'ste'],
  saints: ['saints', 'sts'],
  saintes: ['saintes', 'stes'],
};

/**
 * Commune search: by INSEE code, postcode (or their first digits), or name words —
 * accent- and case-insensitive, abbreviations understood, exact names first, then by population.
 */
export async function searchCommunes(db: Db, rawQuery: string, limit = 20): Promise<SearchOutcome> {
  const query = rawQuery.trim().slice(0, SEARCH_MAX_LENGTH);
  const compact = query.replace(/\s+/g, '').toUpperCase();
  if (/^(\d{2,5}|2[AB]\d{0,3})$/.test(compact)) {
    return { status: 'ok', query, results: await q.findCommunesByCode(db, compact, limit) };
  }
  const words = searchWords(query).slice(0, SEARCH_MAX_WORDS);
  if (words.join('').length < SEARCH_MIN_LENGTH) return { status: 'too_short', query, results: [] };
  const alternatives = words.map((w, i) => {
    const typedAbbreviation = normalizedTyped(query)[i];
    return PREFIX_ALTERNATIVES[w] && typedAbbreviation !== w ? PREFIX_ALTERNATIVES[w] : [w];
  });
  // Ranked on the expanded phrase ("saint …") and on the phrase as typed ("st" may start "Strasbourg").
  const phrases = [...new Set([words.join(' '), alternatives.map((a) => a[a.length - 1]).join(' ')])];
  return { status: 'ok', query, results: await q.findCommunesByWords(db, alternatives, phrases, limit) };
}

function normalizedTyped(query: string): string[] {
  return query
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export async function getCommune(db: Db, insee: string) {
  return q.getCommuneWithDetails(db, insee);
}
export type CommuneDetails = NonNullable<Awaited<ReturnType<typeof getCommune>>>;

export async function getDepartement(db: Db, code: string) {
  const departement = await q.getDepartementRow(db, code.toUpperCase());
  if (!departement) return undefined;
  const [communes, intercommunalities, circonscriptions] = await Promise.all([
    q.listCommunesOfDepartement(db, departement.code),
    q.listIntercommunalitiesOfDepartement(db, departement.code),
    circonscriptionsOfDepartement(db, departement.code),
  ]);
  return { ...departement, communes, intercommunalities, circonscriptions };
}
export type DepartementDetails = NonNullable<Awaited<ReturnType<typeof getDepartement>>>;

export const listDepartements = q.listDepartements;

/** Id of the territory dataset in `data_sources` (territories.load.ts), shown as a page's source. */
export const TERRITORIES_SOURCE = 'decoupage-administratif';
