import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * Mandates held now, from the Répertoire national des élus (RNE), and their links to candidacies.
 *
 * - `mandates`: one row per elected person and mandate (maire, conseiller municipal, conseiller
 *   communautaire, député, sénateur). The id is stable across imports:
 *   `{mandate}:{territory code}:{normalised name, hyphenated}:{birth date}`. A holder missing from a
 *   newer file of the same mandate is kept with `current = 0` (no longer in office), not deleted.
 * - `mandate_matches`: a mandate linked to a candidacy (same person, found by the matching rules of
 *   candidates/rne-matching.service.ts), with a confidence 0–100, the method, and a status: 'auto',
 *   'ambiguous' (waits for a moderator), 'confirmed' or 'rejected' (a moderator's decision, never
 *   overwritten by a later matching run). No foreign key to candidacies: a candidate re-import may
 *   delete a candidacy; the next matching run removes the dangling rows.
 */
export function migration0004Mandates({ textC }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mandates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('mandate', 'text', (c) => c.notNull())
        .addColumn('territory_kind', 'text', (c) => c.notNull())
        .addColumn('territory_code', 'text', (c) => c.notNull())
        .addColumn('territory_name', 'text')
        .addColumn('departement_code', 'text', (c) => c.notNull())
        .addColumn('commune_code', 'text')
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('sex', 'text')
        .addColumn('birth_date', 'text')
        .addColumn('mandate_start', 'text')
        .addColumn('function_label', 'text')
        .addColumn('function_start', 'text')
        .addColumn('search', textC, (c) => c.notNull())
        .addColumn('import_id', 'text')
        .addColumn('current', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema.createIndex('mandates_kind').on('mandates').columns(['mandate', 'current']).execute();
      await db.schema.createIndex('mandates_commune').on('mandates').columns(['commune_code', 'mandate']).execute();
      await db.schema
        .createIndex('mandates_departement')
        .on('mandates')
        .columns(['departement_code', 'current'])
        .execute();
      await db.schema
        .createIndex('mandates_territory')
        .on('mandates')
        .columns(['territory_kind', 'territory_code'])
        .execute();
      await db.schema.createIndex('mandates_search').on('mandates').column('search').execute();
      await db.schema
        .createTable('mandate_matches')
        .addColumn('mandate_id', 'text', (c) => c.notNull().references('mandates.id'))
        .addColumn('candidacy_id', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text', (c) => c.notNull())
        .addColumn('confidence', 'integer', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mandate_matches_pk', ['mandate_id', 'candidacy_id'])
        .execute();
      await db.schema.createIndex('mandate_matches_candidacy').on('mandate_matches').column('candidacy_id').execute();
      await db.schema.createIndex('mandate_matches_person').on('mandate_matches').column('person_id').execute();
      await db.schema.createIndex('mandate_matches_status').on('mandate_matches').column('status').execute();
    },
  };
}
