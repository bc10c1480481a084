import type { Db } from '../db/connection.ts';
import { toBool } from '../db/portability.ts';
import * as q from './candidates.queries.ts';

export type CandidacyItem = Awaited<ReturnType<typeof q.candidaciesOfLists>>[number];
/** `import_id`: the import that last wrote the list (set by ballotsForCommune, for the page's provenance). */
export type ListItem = Awaited<ReturnType<typeof q.listsOfBallots>>[number] & {
  members: CandidacyItem[];
  import_id?: string | null;
};
export interface BallotWithCandidates {
  id: string;
  election_id: string;
  name: string;
  territory_kind: string;
  territory_code: string;
  lists: ListItem[];
  individuals: (Awaited<ReturnType<typeof q.individualCandidaciesOfBallots>>[number] & { import_id?: string | null })[];
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

/**
 * Every ballot held in a commune (and its Paris/Lyon/Marseille sectors), with lists and members in
 * order: two queries compiled once (the commune page's candidate data), whatever the number of lists.
 * Lists and individual candidacies carry the id of the import that last wrote them (provenance).
 */
export async function ballotsForCommune(db: Db, insee: string): Promise<BallotWithCandidates[]> {
  const [rows, candidacies] = await Promise.all([q.ballotListsOfCommune(db, insee), q.candidaciesOfCommune(db, insee)]);
  const ballots = new Map<string, BallotWithCandidates>();
  for (const { b_id, b_election_id, b_name, b_territory_kind, b_territory_code, ...list } of rows) {
    let ballot = ballots.get(b_id);
    if (!ballot) {
      ballot = {
        id: b_id,
        election_id: b_election_id,
        name: b_name,
        territory_kind: b_territory_kind,
        territory_code: b_territory_code,
        lists: [],
        individuals: [],
      };
      ballots.set(b_id, ballot);
    }
    if (list.id !== null) ballot.lists.push({ ...(list as Omit<ListItem, 'members'>), members: [] });
  }
  const lists = new Map<string, ListItem>();
  for (const ballot of ballots.values()) for (const list of ballot.lists) lists.set(list.id, list);
  for (const c of candidacies) {
    if (c.list_id === null) ballots.get(c.ballot_id)?.individuals.push(c);
    else lists.get(c.list_id)?.members.push(c);
  }
  for (const ballot of ballots.values()) {
    if (ballot.individuals.length > 1) ballot.individuals.sort((a, b) => (a.panel ?? -1) - (b.panel ?? -1));
  }
  return [...ballots.values()];
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
