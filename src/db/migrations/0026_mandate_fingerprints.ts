import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * `mandate_fingerprints`: per kind of mandate and département, a hash of the Répertoire national
 * des élus file's rows for it as last imported (candidates/import/rne-fingerprints.ts). A re-import
 * leaves alone every département whose rows hash the same, instead of comparing its mandates with
 * the stored ones (docs/decisions/0026). Nothing to convert: an empty table means « compare
 * everything », as before.
 */
export function migration0026MandateFingerprints({ dialect }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      let table = db.schema
        .createTable('mandate_fingerprints')
        .addColumn('mandate', 'text', (c) => c.notNull())
        .addColumn('departement_code', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('import_id', 'text')
        .addPrimaryKeyConstraint('mandate_fingerprints_pk', ['mandate', 'departement_code']);
      if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
      await table.execute();
    },
  };
}
