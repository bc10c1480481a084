import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * `ballot_fingerprints`: per ballot, a hash of the official file's rows for it as last imported
 * (candidates/import/ballot-fingerprints.ts). A re-import skips every ballot whose rows hash the
 * same, instead of reading back and comparing its candidacies one by one (docs/decisions/0014).
 */
export function migration0014BallotFingerprints({ dialect }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      let table = db.schema
        .createTable('ballot_fingerprints')
        .addColumn('ballot_id', 'text', (c) => c.primaryKey().references('ballots.id').onDelete('cascade'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('import_id', 'text');
      if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
      await table.execute();
    },
  };
}
