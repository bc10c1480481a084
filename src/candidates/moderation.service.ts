import { z } from 'zod';
import type { Db } from '../db/connection.ts';
import { fromBool, toBool } from '../db/portability.ts';
import { forgetFingerprint } from './import/ballot-fingerprints.ts';
import * as q from './moderation.queries.ts';

/**
 * Moderators' corrections to the official candidate data. Every change is in the audit log with
 * who, when, before and after; edited list fields are recorded in `lists.edited_fields` so that a
 * re-import of the official file leaves them alone, and a locked list is not touched at all.
 */

/** A refused moderation request, explained in French. */
export class ModerationError extends Error {}

export async function getListForModeration(db: Db, id: string) {
  const row = await q.getListForModeration(db, id);
  if (!row) return undefined;
  return {
    ...row,
    locked: toBool(row.locked),
    editedFields: row.edited_fields ? (JSON.parse(row.edited_fields) as string[]) : [],
  };
}
export type ModeratedList = NonNullable<Awaited<ReturnType<typeof getListForModeration>>>;

export async function listsOfCommune(db: Db, insee: string) {
  return (await q.listsOfCommuneBallots(db, insee)).map((l) => ({ ...l, locked: toBool(l.locked) }));
}

/** Locks (checked against the official file: re-imports leave it alone) or unlocks a list. */
export async function setListLocked(db: Db, listId: string, locked: boolean, actor: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const list = await q.getListForModeration(trx, listId);
    if (!list) throw new ModerationError('liste introuvable');
    if (toBool(list.locked) === locked) return;
    await trx
      .updateTable('lists')
      .set({ locked: fromBool(locked) })
      .where('id', '=', listId)
      .execute();
    // Unlocked: the next import of the official file must apply its version of the list again.
    if (!locked) await forgetFingerprint(trx, list.ballot_id);
    await q.insertAudit(trx, {
      actor,
      action: locked ? 'lock' : 'unlock',
      entityType: 'list',
      entityId: listId,
      before: { locked: toBool(list.locked) },
      after: { locked },
    });
  });
}

const EDITABLE = ['short_name', 'website'] as const;
type Editable = (typeof EDITABLE)[number];

export const listEditSchema = z.object({
  short_name: z
    .string()
    .trim()
    .min(1, { message: 'Le nom court ne peut pas être vide.' })
    .max(200, { message: 'Nom court trop long (200 caractères au plus).' }),
  website: z
    .string()
    .trim()
    .max(500, { message: 'Adresse trop longue (500 caractères au plus).' })
    .refine((v) => v === '' || (URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)), {
      message: 'Adresse web invalide : elle doit commencer par https:// ou http://.',
    }),
});
export type ListEdit = z.input<typeof listEditSchema>;
export type ListEditErrors = Partial<Record<Editable, string>>;

/**
 * Changes a list's short name and website. Returns the French errors per field when the values
 * are invalid (nothing is saved), else the names of the fields that changed.
 */
export async function editList(
  db: Db,
  listId: string,
  input: ListEdit,
  actor: string,
): Promise<{ errors: ListEditErrors } | { changed: Editable[] }> {
  const parsed = listEditSchema.safeParse(input);
  if (!parsed.success) {
    const errors: ListEditErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as Editable] ??= issue.message;
    return { errors };
  }
  const wanted = { short_name: parsed.data.short_name, website: parsed.data.website || null };
  return db.transaction().execute(async (trx) => {
    const list = await q.getListForModeration(trx, listId);
    if (!list) throw new ModerationError('liste introuvable');
    const changed = EDITABLE.filter((f) => (list[f] ?? null) !== wanted[f]);
    if (changed.length === 0) return { changed };
    const edited = new Set<string>(list.edited_fields ? JSON.parse(list.edited_fields) : []);
    for (const f of changed) edited.add(f);
    const set = Object.fromEntries(changed.map((f) => [f, wanted[f]]));
    await trx
      .updateTable('lists')
      .set({ ...set, edited_fields: JSON.stringify([...edited].sort()) })
      .where('id', '=', listId)
      .execute();
    await q.insertAudit(trx, {
      actor,
      action: 'moderate',
      entityType: 'list',
      entityId: listId,
      before: Object.fromEntries(changed.map((f) => [f, list[f] ?? null])),
      after: set,
    });
    return { changed };
  });
}

export interface PersonCandidacy {
  electionId: string;
  ballotName: string;
  listName: string | null;
}
export interface SuggestedPerson {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  candidacies: PersonCandidacy[];
}
export interface MergeSuggestion {
  a: SuggestedPerson;
  b: SuggestedPerson;
  /** Why they look like the same person. */
  reason: string;
}

function compatibleBirthDates(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}

/**
 * People who are probably one: same normalised name (`people.search`), birth dates equal or
 * unknown on one side, and candidacies in different elections only (one person stands once per
 * election, so two records in the same election are two homonyms).
 */
export async function mergeSuggestions(db: Db, { limit = 50 } = {}): Promise<MergeSuggestion[]> {
  const names = await q.duplicatedNames(db, 500);
  const rows = await q.peopleWithCandidacies(db, names);
  const people = new Map<string, SuggestedPerson & { search: string; elections: Set<string> }>();
  for (const r of rows) {
    let p = people.get(r.id);
    if (!p) {
      p = {
        id: r.id,
        search: r.search,
        firstName: r.first_name,
        lastName: r.last_name,
        birthDate: r.birth_date,
        candidacies: [],
        elections: new Set(),
      };
      people.set(r.id, p);
    }
    if (r.candidacy_id && r.election_id) {
      p.candidacies.push({ electionId: r.election_id, ballotName: r.ballot_name ?? '', listName: r.list_name });
      p.elections.add(r.election_id);
    }
  }
  const suggestions: MergeSuggestion[] = [];
  for (const group of Map.groupBy(people.values(), (p) => p.search).values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (!a || !b || !compatibleBirthDates(a.birthDate, b.birthDate)) continue;
        if ([...a.elections].some((e) => b.elections.has(e))) continue;
        const reason =
          a.birthDate && b.birthDate
            ? 'même nom et même date de naissance'
            : 'même nom, date de naissance inconnue d’un côté';
        const strip = ({ search: _s, elections: _e, ...person }: typeof a) => person;
        suggestions.push({ a: strip(a), b: strip(b), reason });
        if (suggestions.length >= limit) return suggestions;
      }
    }
  }
  return suggestions;
}

/**
 * Merges `mergeId` into `keepId`: its candidacies (and their links to RNE mandates) move to the
 * kept person, it records `merged_into` (its page then redirects, 301), and people merged into it
 * earlier now point to the kept one. A birth date or sex known only on the merged record is copied. Audited.
 */
export async function mergePeople(db: Db, keepId: string, mergeId: string, actor: string): Promise<void> {
  if (keepId === mergeId) throw new ModerationError('choisissez deux personnes différentes');
  await db.transaction().execute(async (trx) => {
    const [keep, merged] = await Promise.all([q.getPersonRow(trx, keepId), q.getPersonRow(trx, mergeId)]);
    if (!keep || !merged) throw new ModerationError('personne introuvable');
    if (keep.merged_into || merged.merged_into) throw new ModerationError('l’une des deux fiches a déjà été fusionnée');
    if (!compatibleBirthDates(keep.birth_date, merged.birth_date)) {
      throw new ModerationError('dates de naissance différentes : ce ne sont pas les mêmes personnes');
    }
    const moved = await trx.selectFrom('candidacies').select('id').where('person_id', '=', mergeId).execute();
    await trx.updateTable('candidacies').set({ person_id: keepId }).where('person_id', '=', mergeId).execute();
    await trx.updateTable('mandate_matches').set({ person_id: keepId }).where('person_id', '=', mergeId).execute();
    await trx.updateTable('people').set({ merged_into: keepId }).where('id', '=', mergeId).execute();
    await trx.updateTable('people').set({ merged_into: keepId }).where('merged_into', '=', mergeId).execute();
    const fill: { birth_date?: string; sex?: string } = {};
    if (!keep.birth_date && merged.birth_date) fill.birth_date = merged.birth_date;
    if (!keep.sex && merged.sex) fill.sex = merged.sex;
    if (Object.keys(fill).length) await trx.updateTable('people').set(fill).where('id', '=', keepId).execute();
    await q.insertAudit(trx, {
      actor,
      action: 'merge',
      entityType: 'person',
      entityId: mergeId,
      before: { merged_into: null, candidacies: moved.map((c) => c.id) },
      after: { merged_into: keepId, ...fill },
    });
  });
}

/**
 * Undoes a merge (a mistaken one): the candidacies the merge moved go back to `mergeId`, with their
 * links to RNE mandates; `mergeId` is a person of its own again; what the merge copied onto the kept
 * person (birth date, sex, unknown there before) is removed. `after`/`before` are the merge's audit
 * values. Refused when the kept person was itself merged since. Audited (action "unmerge").
 */
export async function unmergePerson(
  db: Db,
  mergeId: string,
  after: Record<string, unknown>,
  before: Record<string, unknown>,
  actor: string,
): Promise<void> {
  const keepId = typeof after.merged_into === 'string' ? after.merged_into : '';
  const moved = Array.isArray(before.candidacies) ? before.candidacies.filter((c) => typeof c === 'string') : [];
  await db.transaction().execute(async (trx) => {
    const [keep, merged] = await Promise.all([q.getPersonRow(trx, keepId), q.getPersonRow(trx, mergeId)]);
    if (!keep || !merged) throw new ModerationError('personne introuvable');
    if (keep.merged_into)
      throw new ModerationError('la fiche gardée a été fusionnée depuis : annulez d’abord cette fusion');
    if (merged.merged_into !== keepId) throw new ModerationError('cette fusion a déjà été annulée');
    const back =
      moved.length === 0
        ? []
        : (
            await trx
              .selectFrom('candidacies')
              .select('id')
              .where('id', 'in', moved)
              .where('person_id', '=', keepId)
              .execute()
          ).map((c) => c.id);
    if (back.length > 0) {
      await trx.updateTable('candidacies').set({ person_id: mergeId }).where('id', 'in', back).execute();
      await trx.updateTable('mandate_matches').set({ person_id: mergeId }).where('candidacy_id', 'in', back).execute();
    }
    await trx.updateTable('people').set({ merged_into: null }).where('id', '=', mergeId).execute();
    const copied: { birth_date?: null; sex?: null } = {};
    if (typeof after.birth_date === 'string' && keep.birth_date === after.birth_date) copied.birth_date = null;
    if (typeof after.sex === 'string' && keep.sex === after.sex) copied.sex = null;
    if (Object.keys(copied).length) await trx.updateTable('people').set(copied).where('id', '=', keepId).execute();
    await q.insertAudit(trx, {
      actor,
      action: 'unmerge',
      entityType: 'person',
      entityId: mergeId,
      before: { merged_into: keepId, candidacies: [] },
      after: { merged_into: null, candidacies: back },
    });
  });
}
