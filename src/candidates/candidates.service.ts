import type { Db } from '../db/connection.ts';
import { toBool } from '../db/portability.ts';
import * as q from './candidates.queries.ts';
import { nuanceLabels } from './nuances.service.ts';

export type CandidacyItem = Awaited<ReturnType<typeof q.candidaciesOfLists>>[number];
/** What ballot pages show of a list member (ballotsForCommune reads only these columns). */
export type BallotMember = Pick<
  CandidacyItem,
  | 'id'
  | 'ballot_id'
  | 'list_id'
  | 'person_id'
  | 'position'
  | 'panel'
  | 'head'
  | 'nuance_code'
  | 'last_name'
  | 'first_name'
  | 'outgoing'
  | 'communautaire'
  | 'substitute_last_name'
  | 'substitute_first_name'
>;
/** `import_id`: the import that last wrote the list (set by ballotsForCommune, for the page's provenance). */
export type ListItem = Awaited<ReturnType<typeof q.listsOfBallots>>[number] & {
  members: BallotMember[];
  import_id?: string | null;
};
export interface BallotWithCandidates {
  id: string;
  election_id: string;
  name: string;
  territory_kind: string;
  territory_code: string;
  lists: ListItem[];
  individuals: (BallotMember & { nuance_label: string | null; import_id?: string | null })[];
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
  // Rows are copied field by field: rest and spread copies of node:sqlite's rows are several times slower.
  const ballots = new Map<string, BallotWithCandidates>();
  const lists = new Map<string, ListItem>();
  for (const r of rows) {
    let ballot = ballots.get(r.b_id);
    if (!ballot) {
      ballot = {
        id: r.b_id,
        election_id: r.b_election_id,
        name: r.b_name,
        territory_kind: r.b_territory_kind,
        territory_code: r.b_territory_code,
        lists: [],
        individuals: [],
      };
      ballots.set(r.b_id, ballot);
    }
    if (r.id === null || r.ballot_id === null || r.panel === null || r.name === null) continue;
    const list: ListItem = {
      id: r.id,
      ballot_id: r.ballot_id,
      panel: r.panel,
      short_name: r.short_name ?? '',
      name: r.name,
      nuance_code: r.nuance_code,
      nuance_label: r.nuance_label,
      website: r.website,
      locked: r.locked as number,
      import_id: r.import_id,
      members: [],
    };
    ballot.lists.push(list);
    lists.set(list.id, list);
  }
  for (const c of candidacies) {
    if (c.list_id !== null) lists.get(c.list_id)?.members.push(c);
    else {
      const nuance_label = c.nuance_code ? ((await nuanceLabels(db, c.election_id)).get(c.nuance_code) ?? null) : null;
      ballots.get(c.ballot_id)?.individuals.push({ ...c, nuance_label });
    }
  }
  // Ballots by territory (the commune, then its sectors), lists by panel, members by position,
  // individual candidates by panel (unknown first): sorted here, cheaper than SQLite's temporary b-trees.
  for (const list of lists.values()) list.members.sort((a, b) => (a.position ?? -1) - (b.position ?? -1));
  for (const ballot of ballots.values()) {
    ballot.lists.sort((a, b) => a.panel - b.panel);
    ballot.individuals.sort((a, b) => (a.panel ?? -1) - (b.panel ?? -1));
  }
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...ballots.values()].sort((a, b) => byText(a.territory_code, b.territory_code) || byText(a.id, b.id));
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
