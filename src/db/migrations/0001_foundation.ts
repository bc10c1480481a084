import { type Kysely, sql } from 'kysely';
import type { MigrationContext } from './index.ts';

export function migration0001({ textC }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('data_sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('publisher', 'text', (c) => c.notNull())
        .addColumn('licence', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('version', 'text')
        .addColumn('loaded_at', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .execute();
      await db.schema
        .createTable('regions')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('departements')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
        .addColumn('search', textC, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('communes')
        .addColumn('insee', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('parent_insee', 'text')
        .addColumn('departement_code', 'text', (c) => c.notNull().references('departements.code'))
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('population', 'integer')
        .addColumn('search', textC, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('communes_departement').on('communes').column('departement_code').execute();
      await db.schema.createIndex('communes_search').on('communes').column('search').execute();
      await db.schema.createIndex('communes_parent').on('communes').column('parent_insee').execute();
      await db.schema
        .createTable('commune_words')
        .addColumn('word', textC, (c) => c.notNull())
        .addColumn('insee', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('commune_words_pk', ['word', 'insee'])
        .execute();
      await db.schema
        .createTable('postcodes')
        .addColumn('postcode', textC, (c) => c.notNull())
        .addColumn('insee', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('postcodes_pk', ['postcode', 'insee'])
        .execute();
      await db.schema.createIndex('postcodes_insee').on('postcodes').column('insee').execute();
      await db.schema
        .createTable('intercommunalities')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('population', 'integer')
        .execute();
      await db.schema
        .createTable('intercommunality_members')
        .addColumn('intercommunality_code', 'text', (c) => c.notNull())
        .addColumn('insee', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('intercommunality_members_pk', ['intercommunality_code', 'insee'])
        .execute();
      await db.schema
        .createIndex('intercommunality_members_insee')
        .on('intercommunality_members')
        .column('insee')
        .execute();
      await db.schema
        .createTable('elections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('election_rounds')
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('election_rounds_pk', ['election_id', 'number'])
        .execute();
      await db.schema
        .createTable('ballots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('election_id', 'text', (c) => c.notNull().references('elections.id'))
        .addColumn('territory_kind', 'text', (c) => c.notNull())
        .addColumn('territory_code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
        .execute();
      await db.schema
        .createIndex('ballots_territory')
        .on('ballots')
        .columns(['territory_kind', 'territory_code'])
        .execute();
    },
  };
}
