import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.ts';

/** Official candidate data: people, lists, candidacies, nuances, imports and the audit log. */
export function migration0002({ textC, dialect }: MigrationContext) {
  // SQLite: tables keyed by a text id are stored in that key's b-tree (one b-tree per row, not two).
  const withoutRowid = <T extends CreateTableBuilder<string, never>>(builder: T) =>
    dialect === 'sqlite' ? (builder.modifyEnd(sql`without rowid`) as T) : builder;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('nuances')
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('nuances_pk', ['election_id', 'code'])
        .execute();
      await db.schema
        .createTable('imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('election_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('read_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deleted_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rejected_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('report_path', 'text')
        .addColumn('message', 'text')
        .execute();
      await db.schema
        .createTable('people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('sex', 'text')
        .addColumn('birth_date', 'text')
        .addColumn('search', textC, (c) => c.notNull())
        .addColumn('merged_into', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .$call(withoutRowid)
        .execute();
      // Only people with a birth date can be matched on identity (name + birth date): a partial index
      // stays small and costs nothing when a file gives no birth dates (municipales).
      await db.schema
        .createIndex('people_identity')
        .on('people')
        .columns(['search', 'birth_date'])
        .where(sql.ref('birth_date'), 'is not', null)
        .execute();
      await db.schema
        .createTable('lists')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id'))
        .addColumn('panel', 'integer', (c) => c.notNull())
        .addColumn('short_name', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('nuance_code', 'text')
        .addColumn('website', 'text')
        .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
        /** JSON array of fields a moderator edited: a re-import leaves them alone. */
        .addColumn('edited_fields', 'text')
        .addColumn('import_id', 'text')
        .$call(withoutRowid)
        .execute();
      await db.schema.createIndex('lists_ballot').on('lists').column('ballot_id').execute();
      await db.schema
        .createTable('candidacies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id'))
        .addColumn('list_id', 'text', (c) => c.references('lists.id'))
        .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
        .addColumn('position', 'integer')
        .addColumn('panel', 'integer')
        .addColumn('head', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('nuance_code', 'text')
        .addColumn('sex', 'text')
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text')
        .addColumn('nationality', 'text')
        .addColumn('profession', 'text')
        .addColumn('outgoing', 'integer')
        .addColumn('communautaire', 'integer')
        .addColumn('personality_code', 'text')
        .addColumn('substitute_sex', 'text')
        .addColumn('substitute_last_name', 'text')
        .addColumn('substitute_first_name', 'text')
        .addColumn('substitute_birth_date', 'text')
        .addColumn('substitute_outgoing', 'integer')
        .addColumn('import_id', 'text')
        .$call(withoutRowid)
        .execute();
      await db.schema.createIndex('candidacies_ballot').on('candidacies').column('ballot_id').execute();
      await db.schema.createIndex('candidacies_list').on('candidacies').column('list_id').execute();
      await db.schema.createIndex('candidacies_person').on('candidacies').column('person_id').execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('import_id', 'text')
        .execute();
      await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
      await db.schema.createIndex('ballots_election').on('ballots').column('election_id').execute();
    },
  };
}
