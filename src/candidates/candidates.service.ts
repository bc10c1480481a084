import type { Db } from '../db/connection.ts';
import { toBool } from '../db/portability.ts';
import * as q from './candidates.queries.ts';

export type CandidacyItem = Awaited<ReturnType<typeof q.candidaciesOfLists>>[number];
export type ListItem = Awaited<ReturnType<typeof q.listsOfBallots>>[number] & { members: CandidacyItem[] };
export interface BallotWithCandidates {
  id: string;
  election_id: string;
  name: string;
  territory_kind: string;
  territory_code: string;
  lists: ListItem[];
  individuals: Awaited<ReturnType<typeof q.individualCandidaciesOfBallots>>;
}

async function withCandidates(
  db: Db,
  ballots: Awaited<ReturnType<typeof q.ballotsOfCommune>>,
): Promise<BallotWithCandidates[]> {
  const ids = ballots.map((b) => b.id);
  const lists = await q.listsOfBallots(db, ids);
  const [members, individuals] = await Promise.all([
    q.candidaciesOfLists(
      db,
      lists.map((l) => l.id),
    ),
    q.individualCandidaciesOfBallots(db, ids),
  ]);
  const byList = Map.groupBy(members, (m) => m.list_id ?? '');
  return ballots.map((b) => ({
    id: b.id,
    election_id: b.election_id,
    name: b.name,
    territory_kind: b.territory_kind,
    territory_code: b.territory_code,
    lists: lists.filter((l) => l.ballot_id === b.id).map((l) => ({ ...l, members: byList.get(l.id) ?? [] })),
    individuals: individuals.filter((c) => c.ballot_id === b.id),
  }));
}

/** Every ballot held in a commune (and its Paris/Lyon/Marseille sectors), with lists and members in order. */
export async function ballotsForCommune(db: Db, insee: string) {
  return withCandidates(db, await q.ballotsOfCommune(db, insee));
}

/** The national ballot of an election (européennes), with its lists. */
export async function nationalBallots(db: Db, electionId: string) {
  return withCandidates(db, await q.nationalBallotsOf(db, electionId));
}

export async function ballotsForCirconscription(db: Db, id: string) {
  return withCandidates(db, await q.ballotsOfCirconscription(db, id));
}

export const circonscriptionsOfDepartement = q.circonscriptionsOfDepartement;
export const electionCounts = q.electionCounts;
/** Lists and individual candidacies of given ballots (followup/results.service.ts matches result files with them). */
export const listsOfBallots = q.listsOfBallots;
export const individualCandidaciesOfBallots = q.individualCandidaciesOfBallots;
/** Members of lists in order (followup/results-file.ts: council seats go to the first candidates). */
export const candidaciesOfLists = q.candidaciesOfLists;

export async function getList(db: Db, id: string) {
  const list = await q.getListRow(db, id);
  if (!list) return undefined;
  const members = await q.candidaciesOfLists(db, [id]);
  return { ...list, locked: toBool(list.locked), members };
}
export type ListDetails = NonNullable<Awaited<ReturnType<typeof getList>>>;

/** A person and all their candidacies; a merged person answers with the id to redirect to. */
export async function getPerson(db: Db, id: string) {
  const person = await q.getPersonRow(db, id);
  if (!person) return undefined;
  if (person.merged_into) return { redirectTo: person.merged_into } as const;
  return { person, candidacies: await q.candidaciesOfPerson(db, id) } as const;
}
export type PersonDetails = Exclude<NonNullable<Awaited<ReturnType<typeof getPerson>>>, { redirectTo: string }>;
