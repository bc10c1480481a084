import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * Outreach (src/outreach/): relay organisations, their members and zone; reservations of targets;
 * the contact log and the candidates' responses.
 *
 * - `organisations`: a relay (kind 'lug' | 'association' | 'cooperative' | 'entreprise'), public page
 *   `/relais/:slug`.
 * - `organisation_members`: an account in an organisation, role 'member' | 'coordinator'.
 * - `organisation_zones`: where an organisation acts: kind 'commune' (INSEE) | 'epci' (SIREN) |
 *   'departement' (code).
 * - `reservations`: at most one row per target (a list or an individual candidacy), the primary key,
 *   so two volunteers cannot hold the same target; `expires_at` null once a contact is logged.
 * - `contacts`: an outreach action toward a target; `version` for optimistic concurrency;
 *   `delivery_state` for emails sent by the letters module ('sent' | 'bounced').
 * - `responses`: what the candidate answered, verbatim or as an uploaded document, classified
 *   ('sans-reponse' | 'refus' | 'favorable' | 'favorable-engage' | 'signe'), level 1–3; public only
 *   when `consent` = 1 and `moderation_state` = 'published'.
 */
export function migration0010Outreach({ textC }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('organisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', textC, (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('website', 'text')
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('organisation_members')
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('organisation_members_pk', ['organisation_id', 'user_id'])
        .execute();
      await db.schema.createIndex('organisation_members_user').on('organisation_members').column('user_id').execute();
      await db.schema
        .createTable('organisation_zones')
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('organisation_zones_pk', ['organisation_id', 'kind', 'code'])
        .execute();
      await db.schema
        .createTable('reservations')
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('ballot_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('reserved_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addPrimaryKeyConstraint('reservations_pk', ['target_type', 'target_id'])
        .execute();
      await db.schema.createIndex('reservations_user').on('reservations').column('user_id').execute();
      await db.schema.createIndex('reservations_ballot').on('reservations').column('ballot_id').execute();
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('ballot_id', 'text', (c) => c.notNull())
        /** The list of the target (itself for a list, its list for a candidacy on one), for coverage. */
        .addColumn('list_id', 'text')
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('contacted_on', 'text', (c) => c.notNull())
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('next_step', 'text')
        .addColumn('next_step_due', 'text')
        .addColumn('next_step_done_at', 'text')
        .addColumn('delivery_state', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contacts_target').on('contacts').columns(['target_type', 'target_id']).execute();
      await db.schema.createIndex('contacts_ballot').on('contacts').column('ballot_id').execute();
      await db.schema.createIndex('contacts_user_due').on('contacts').columns(['user_id', 'next_step_due']).execute();
      await db.schema
        .createIndex('contacts_organisation')
        .on('contacts')
        .columns(['organisation_id', 'created_at'])
        .execute();
      await db.schema
        .createTable('responses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id').onDelete('set null'))
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('ballot_id', 'text', (c) => c.notNull())
        .addColumn('list_id', 'text')
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('verbatim', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('document_path', 'text')
        .addColumn('document_name', 'text')
        .addColumn('classification', 'text', (c) => c.notNull())
        .addColumn('level', 'integer')
        .addColumn('consent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('moderation_state', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('moderated_by', 'text')
        .addColumn('moderated_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('responses_target').on('responses').columns(['target_type', 'target_id']).execute();
      await db.schema.createIndex('responses_ballot').on('responses').column('ballot_id').execute();
      await db.schema
        .createIndex('responses_moderation')
        .on('responses')
        .columns(['moderation_state', 'created_at'])
        .execute();
      await db.schema
        .createIndex('responses_organisation')
        .on('responses')
        .columns(['organisation_id', 'created_at'])
        .execute();
    },
  };
}
