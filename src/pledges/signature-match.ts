// Proposes, for a signature to verify, the official list (and candidacy) it most likely belongs to:
// same ballot (the signatory's commune and election), list name similar to what they typed, their
// name among the list's members, at the position they gave. Pure functions: the moderator decides.
import { normalizeSearch } from '../db/portability.ts';

/** Words that say nothing about which list it is. */
const STOP_WORDS = new Set([
  'liste',
  'la',
  'le',
  'les',
  'l',
  'de',
  'des',
  'du',
  'd',
  'pour',
  'et',
  'a',
  'au',
  'aux',
  'en',
]);

function words(text: string): string[] {
  return normalizeSearch(text)
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w));
}

function bigrams(text: string): Map<string, number> {
  const s = ` ${words(text).join(' ')} `;
  const grams = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/**
 * Similarity of two names between 0 and 1: the Sørensen–Dice coefficient of their character bigrams,
 * after case, accents, punctuation and filler words (« liste », « pour », « de »…) are set aside.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let sizeX = 0;
  let sizeY = 0;
  let common = 0;
  for (const n of x.values()) sizeX += n;
  for (const [g, n] of y) {
    sizeY += n;
    common += Math.min(n, x.get(g) ?? 0);
  }
  if (sizeX <= 1 || sizeY <= 1) return words(a).join(' ') === words(b).join(' ') && sizeX > 0 ? 1 : 0;
  return (2 * common) / (sizeX + sizeY);
}

export interface MatchCandidacy {
  id: string;
  person_id: string;
  position: number | null;
  last_name: string;
  first_name: string;
}

export interface MatchList {
  id: string;
  ballot_id: string;
  name: string;
  short_name: string;
  nuance_code: string | null;
  members: MatchCandidacy[];
}

export interface SignatureToMatch {
  variant: string;
  list_name: string;
  list_position: string;
  last_name: string;
  first_name: string;
}

export interface ProposedMatch {
  list: MatchList;
  /** 0–100: how well the list name matches. */
  listScore: number;
  /** The signatory among the list's members, when found by name. */
  candidacy?: MatchCandidacy;
  /** Whether the position typed is the candidacy's position on the list. */
  positionAgrees?: boolean;
  /** Overall confidence 0–100, for ordering and for the label shown to the moderator. */
  score: number;
  /** French, one line per clue, for the moderator. */
  reasons: string[];
}

function samePerson(c: MatchCandidacy, s: SignatureToMatch): boolean {
  const last = normalizeSearch(s.last_name);
  const first = normalizeSearch(s.first_name);
  if (last === '' || normalizeSearch(c.last_name) !== last) return false;
  const official = normalizeSearch(c.first_name);
  // « Jean » typed for « Jean-Baptiste » (the official file has every first name).
  return first === '' || official === first || official.startsWith(`${first} `) || first.startsWith(`${official} `);
}

/** Every list of the ballot, best match first. */
export function proposeMatches(signature: SignatureToMatch, lists: MatchList[]): ProposedMatch[] {
  const typedPosition = Number.parseInt(signature.list_position, 10);
  const proposals = lists.map((list) => {
    const similarity = Math.max(
      nameSimilarity(signature.list_name, list.name),
      nameSimilarity(signature.list_name, list.short_name),
    );
    const listScore = Math.round(similarity * 100);
    const candidacy = list.members.find((m) => samePerson(m, signature));
    const positionAgrees =
      candidacy && Number.isFinite(typedPosition) && candidacy.position !== null
        ? candidacy.position === typedPosition
        : undefined;
    const reasons = [`Nom de liste semblable à ${listScore} %`];
    if (candidacy) {
      reasons.push(
        `${candidacy.first_name} ${candidacy.last_name} figure sur la liste, en position ${candidacy.position}`,
      );
      if (positionAgrees === false)
        reasons.push(`Position saisie ${signature.list_position}, position officielle ${candidacy.position}`);
    } else {
      reasons.push('Le ou la signataire ne figure pas parmi les candidats de cette liste');
    }
    const score = Math.min(100, Math.round(listScore * 0.6 + (candidacy ? 35 : 0) + (positionAgrees ? 5 : 0)));
    return { list, listScore, candidacy, positionAgrees, score, reasons };
  });
  return proposals.sort((a, b) => b.score - a.score || a.list.id.localeCompare(b.list.id));
}

/** « probable » from 70, « possible » from 40, else « douteux ». */
export function confidenceLabel(score: number): 'probable' | 'possible' | 'douteux' {
  return score >= 70 ? 'probable' : score >= 40 ? 'possible' : 'douteux';
}
