/**
 * The matching rules of mandates and candidacies (see rne-matching.service.ts for the whole of
 * them): how a pair of the same territory and normalised last name is scored, and how competing
 * pairs are decided ('auto' when alone both ways, 'ambiguous' for a moderator otherwise). Used by
 * the matching run pair by pair (rne-matching.service.ts) and, for a first run, on the few pairs
 * that compete (rne-matching.first-run.ts).
 */
import { normalizeSearch } from '../db/portability.ts';

/** A possible link: a scored pair, or a link a moderator confirmed. */
export interface Pair<R = unknown> {
  mandateId: string;
  /** Mandate kind: a candidacy competes for one mandate of each kind. */
  mandate: string;
  candidacyId: string;
  electionId: string;
  confidence: number;
  method: string;
  /** The pair row it comes from (none for a confirmed link the names no longer support). */
  row: R | null;
  /** Set for links a moderator confirmed (kept as they are). */
  confirmed: boolean;
  /** The status wanted for the link, once decided. */
  status?: 'auto' | 'ambiguous';
}

/** 'exact' when equal, 'partial' when one compound first name starts with the other's words. */
function firstNameFit(a: string, b: string): 'exact' | 'partial' | null {
  if (a === b) return 'exact';
  if (a === '' || b === '') return null;
  const wa = a.split(' ');
  const wb = b.split(' ');
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  return short.length < long.length && short.every((w, i) => w === long[i]) ? 'partial' : null;
}

/**
 * Confidence and method of a mandate / candidacy pair with the same normalised last name in the
 * same territory, or null when they are not the same person.
 */
export function scorePair(
  m: { first_name: string; birth_date: string | null },
  c: { first_name: string; birth_date: string | null },
): { confidence: number; method: string } | null {
  return scoreNormalized(normalizeSearch(m.first_name), m.birth_date, normalizeSearch(c.first_name), c.birth_date);
}

export const SCORES = {
  exactWithBirth: { confidence: 100, method: 'name+birthdate+territory' },
  partialWithBirth: { confidence: 90, method: 'partial-first-name+birthdate+territory' },
  exact: { confidence: 80, method: 'name+territory' },
  partial: { confidence: 60, method: 'partial-first-name+territory' },
} as const;

export function scoreNormalized(
  mandateFirstName: string,
  mandateBirth: string | null,
  candidacyFirstName: string,
  candidacyBirth: string | null,
): { readonly confidence: number; readonly method: string } | null {
  const fit = firstNameFit(mandateFirstName, candidacyFirstName);
  if (!fit) return null;
  const bothDates = mandateBirth !== null && candidacyBirth !== null;
  if (bothDates && mandateBirth !== candidacyBirth) return null;
  if (fit === 'exact') return bothDates ? SCORES.exactWithBirth : SCORES.exact;
  return bothDates ? SCORES.partialWithBirth : SCORES.partial;
}

/** Competing pairs: same mandate in the same election, or same candidacy for the same kind of mandate. */
const GROUPINGS = {
  mandate: { outer: (p: Pair) => p.electionId, inner: (p: Pair) => p.mandateId },
  candidacy: { outer: (p: Pair) => p.mandate, inner: (p: Pair) => p.candidacyId },
};
type Grouping = (typeof GROUPINGS)[keyof typeof GROUPINGS];
type GroupSize = (p: Pair) => number;

/** Size of each group (keyed by the ids as read: no key string is built per pair). */
function groupSizes(pairs: Pair[], { outer, inner }: Grouping): GroupSize {
  const sizes = new Map<string, Map<string, number>>();
  for (const p of pairs) {
    let byInner = sizes.get(outer(p));
    if (!byInner) {
      byInner = new Map();
      sizes.set(outer(p), byInner);
    }
    const key = inner(p);
    byInner.set(key, (byInner.get(key) ?? 0) + 1);
  }
  return (p) => sizes.get(outer(p))?.get(inner(p)) ?? 0;
}

/**
 * Keeps, in each group of competing pairs, a confirmed pair alone, or a pair confirmed by birth
 * date (≥ 90) when it is the only one at that level; otherwise keeps them all (ambiguous). Returns
 * the group sizes too, still true of the pairs kept when none was dropped.
 */
function prune<R>(pairs: Pair<R>[], grouping: Grouping): { kept: Pair<R>[]; size: GroupSize; dropped: boolean } {
  const size = groupSizes(pairs, grouping);
  const kept: Pair<R>[] = [];
  const groups = new Map<string, Pair<R>[]>();
  for (const p of pairs) {
    if (size(p) === 1) kept.push(p);
    else {
      const key = `${grouping.outer(p)}\u0000${grouping.inner(p)}`;
      const group = groups.get(key);
      if (group) group.push(p);
      else groups.set(key, [p]);
    }
  }
  for (const members of groups.values()) {
    const confirmed = members.filter((p) => p.confirmed);
    if (confirmed.length > 0) {
      kept.push(...confirmed);
      continue;
    }
    const sorted = [...members].sort((a, b) => b.confidence - a.confidence);
    const [top, second] = sorted;
    if (top && top.confidence >= 90 && (!second || second.confidence < 90)) kept.push(top);
    else kept.push(...members);
  }
  return { kept, size, dropped: kept.length < pairs.length };
}

/**
 * The pairs to store as links, each with its `status` ('auto' or 'ambiguous'), given every
 * competing pair (scored pairs and confirmed links) of some groups: a group of competing pairs must
 * be given whole. Confirmed links are not returned (they are kept as they are).
 */
export function decidePairs<R>(pairs: Pair<R>[]): Pair<R>[] {
  const byMandate = prune(pairs, GROUPINGS.mandate);
  const byCandidacy = prune(byMandate.kept, GROUPINGS.candidacy);
  const kept = byCandidacy.kept;
  const mandateSize = byMandate.dropped || byCandidacy.dropped ? groupSizes(kept, GROUPINGS.mandate) : byMandate.size;
  const candidacySize = byCandidacy.dropped ? groupSizes(kept, GROUPINGS.candidacy) : byCandidacy.size;
  const links: Pair<R>[] = [];
  for (const p of kept) {
    if (p.confirmed) continue;
    const alone = mandateSize(p) === 1 && candidacySize(p) === 1;
    p.status = alone && p.confidence >= 80 ? 'auto' : 'ambiguous';
    links.push(p);
  }
  return links;
}
