import type { Db } from '../db/connection.ts';
import { perDataVersion } from '../db/data-version.ts';
import { NUANCES } from './nuances.seed.ts';

/** Loads the known nuance code lists; labels already stored (e.g. from a file) are kept. */
export async function seedNuances(db: Db): Promise<void> {
  const rows = Object.entries(NUANCES).flatMap(([election_id, codes]) =>
    Object.entries(codes).map(([code, label]) => ({ election_id, code, label })),
  );
  await db
    .insertInto('nuances')
    .values(rows)
    .onConflict((oc) => oc.columns(['election_id', 'code']).doNothing())
    .execute();
}

/** Stores labels found in an imported file (they are the official wording for that election). */
export async function upsertNuanceLabels(db: Db, electionId: string, labels: Map<string, string>): Promise<void> {
  for (const [code, label] of labels) {
    await db
      .insertInto('nuances')
      .values({ election_id: electionId, code, label })
      .onConflict((oc) => oc.columns(['election_id', 'code']).doUpdateSet({ label }))
      .execute();
  }
}

/** Code → label of an election's nuances (all nuances are read once per data version: a few hundred rows). */
export async function nuanceLabels(db: Db, electionId: string): Promise<Map<string, string>> {
  return new Map((await allNuanceLabels(db)).get(electionId));
}

const allNuanceLabels = perDataVersion(async (db: Db) => {
  const rows = await db.selectFrom('nuances').select(['election_id', 'code', 'label']).execute();
  const byElection = new Map<string, Map<string, string>>();
  for (const r of rows) {
    let labels = byElection.get(r.election_id);
    if (!labels) {
      labels = new Map();
      byElection.set(r.election_id, labels);
    }
    labels.set(r.code, r.label);
  }
  return byElection;
});
