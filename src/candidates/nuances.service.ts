import type { Db } from '../db/connection.ts';
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

export async function nuanceLabels(db: Db, electionId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('nuances').select(['code', 'label']).where('election_id', '=', electionId).execute();
  return new Map(rows.map((r) => [r.code, r.label]));
}
