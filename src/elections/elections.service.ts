import type { Db } from '../db/connection.ts';
import { perDataVersion } from '../db/data-version.ts';
import { reusableQuery } from '../db/reusable-query.ts';
import { planSync } from '../db/sync.ts';
import { KNOWN_ELECTIONS } from './elections.seed.ts';

/** Stable ballot id: `municipales-2026.62498`, `legislatives-2024.62-13`, `europeennes-2024.FR`. */
export function ballotId(electionId: string, territoryCode: string): string {
  return `${electionId}.${territoryCode}`;
}

/** Circonscription id `62-13` from a département code and a circonscription number. */
export function circonscriptionId(departementCode: string, number: string | number): string {
  return `${departementCode}-${String(Number(number)).padStart(2, '0')}`;
}

/**
 * Inserts or corrects the known elections and their rounds; running it twice changes nothing.
 * Nothing is deleted: elections added by an administrator stay.
 */
export async function seedElections(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const elections = KNOWN_ELECTIONS.map(({ rounds: _, ...e }) => e);
    const rounds = KNOWN_ELECTIONS.flatMap((e) =>
      e.rounds.map((date, i) => ({ election_id: e.id, number: i + 1, date })),
    );
    const electionPlan = await planSync(trx, 'elections', ['id'], elections);
    const roundPlan = await planSync(trx, 'election_rounds', ['election_id', 'number'], rounds);
    await electionPlan.applyUpserts(trx);
    await roundPlan.applyUpserts(trx);
  });
}

export interface ElectionWithRounds {
  id: string;
  kind: string;
  name: string;
  year: number;
  scope: string;
  rounds: { number: number; date: string }[];
}

/** Every election with its rounds, in one query compiled once: it runs on every commune page. */
const electionsAndRounds = reusableQuery((db: Db) =>
  db
    .selectFrom('elections as e')
    .leftJoin('election_rounds as r', 'r.election_id', 'e.id')
    .select(['e.id', 'e.kind', 'e.name', 'e.year', 'e.scope', 'r.number', 'r.date'])
    .orderBy('e.year', 'desc')
    .orderBy('e.id')
    .orderBy('r.number'),
);

/** Every election with its rounds; read once per data version (on every commune page). Do not mutate. */
export async function listElections(db: Db): Promise<ElectionWithRounds[]> {
  return [...(await cachedElections(db))];
}

const cachedElections = perDataVersion(async (db: Db) => {
  const elections: ElectionWithRounds[] = [];
  for (const { number, date, ...election } of await electionsAndRounds(db)) {
    let last = elections.at(-1);
    if (last?.id !== election.id) {
      last = { ...election, rounds: [] };
      elections.push(last);
    }
    if (number !== null && date !== null) last.rounds.push({ number, date });
  }
  return elections;
});

export async function getElection(db: Db, id: string): Promise<ElectionWithRounds | undefined> {
  return (await listElections(db)).find((e) => e.id === id);
}
