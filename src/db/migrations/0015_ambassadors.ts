import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * Ambassadeurs du libre (src/ambassadors/): mairies ask for a visit, the request is routed to the
 * nearest relay organisation with ambassadors, then followed through its pipeline.
 *
 * - `ambassadors`: a member of a relay organisation flagged as ambassador.
 * - `ambassador_zones`: the coverage of an ambassador (kind 'commune' | 'epci' | 'departement');
 *   no row means the organisation's zone.
 * - `visit_requests`: one request of a mairie (commune INSEE); state 'demandee' | 'attribuee' |
 *   'rdv_fixe' | 'visitee' | 'suivie' | 'relancee' | 'abandonnee'; `proposed_*` is what routing
 *   proposed (level 'commune' | 'epci' | 'departement' | 'voisin'; null: « à attribuer »);
 *   `organisation_id` the organisation a coordinator confirmed; the mairie confirms its address
 *   (`confirm_token_hash`, expiring); `policy_state` 'none' | 'pending' | 'published' | 'rejected'.
 * - `visit_request_events`: every transition, assignment, join, note and reminder, with who and when.
 * - `kit_items`: the configurable checklist of the ambassador's kit (seeded below).
 * - `visit_reports` and `visit_report_items`: what the visit covered and what was handed over.
 * - `mayor_mailings` and `mayor_mailing_communes`: letters generated to the mayors of a
 *   département (kind 'initial' | 'relance'), to know who did not answer.
 */
export function migration0015Ambassadors({ textC }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ambassadors')
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('since', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ambassadors_pk', ['organisation_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('ambassador_zones')
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('ambassador_zones_pk', ['organisation_id', 'user_id', 'kind', 'code'])
        .addForeignKeyConstraint(
          'ambassador_zones_ambassador',
          ['organisation_id', 'user_id'],
          'ambassadors',
          ['organisation_id', 'user_id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createTable('visit_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('commune_insee', textC, (c) => c.notNull())
        .addColumn('departement_code', textC, (c) => c.notNull())
        .addColumn('contact_name', 'text', (c) => c.notNull())
        .addColumn('contact_role', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('periods', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('interests', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('interests_other', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('has_policy', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('policy_description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('policy_links', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('policy_state', 'text', (c) => c.notNull().defaultTo('none'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_since', 'text', (c) => c.notNull())
        .addColumn('proposed_organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('proposed_level', 'text')
        .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('set null'))
        .addColumn('ambassador_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('appointment_on', 'text')
        .addColumn('visited_on', 'text')
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('confirm_token_hash', 'text')
        .addColumn('confirm_expires_at', 'text')
        .addColumn('confirmed_at', 'text')
        .addColumn('reminded_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('visit_requests_commune')
        .on('visit_requests')
        .columns(['commune_insee', 'state'])
        .execute();
      await db.schema
        .createIndex('visit_requests_state')
        .on('visit_requests')
        .columns(['state', 'state_since'])
        .execute();
      await db.schema
        .createIndex('visit_requests_organisation')
        .on('visit_requests')
        .columns(['organisation_id', 'state'])
        .execute();
      await db.schema.createIndex('visit_requests_token').on('visit_requests').column('confirm_token_hash').execute();
      await db.schema
        .createTable('visit_request_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull().references('visit_requests.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('actor_label', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .createIndex('visit_request_events_request')
        .on('visit_request_events')
        .columns(['request_id', 'at'])
        .execute();
      await db.schema
        .createTable('kit_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .createTable('visit_reports')
        .addColumn('request_id', 'text', (c) => c.primaryKey().references('visit_requests.id').onDelete('cascade'))
        .addColumn('visited_on', 'text', (c) => c.notNull())
        .addColumn('ambassador_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('handed_documentation', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('handed_usb_key', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('handed_live_system', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('interests', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('next_steps', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('visit_report_items')
        .addColumn('request_id', 'text', (c) => c.notNull().references('visit_requests.id').onDelete('cascade'))
        .addColumn('kit_item_id', 'text', (c) => c.notNull().references('kit_items.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('visit_report_items_pk', ['request_id', 'kit_item_id'])
        .execute();
      await db.schema
        .createTable('mayor_mailings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('departement_code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('letters', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('mayor_mailing_communes')
        .addColumn('mailing_id', 'text', (c) => c.notNull().references('mayor_mailings.id').onDelete('cascade'))
        .addColumn('commune_insee', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mayor_mailing_communes_pk', ['mailing_id', 'commune_insee'])
        .execute();
      await db.schema
        .createIndex('mayor_mailing_communes_commune')
        .on('mayor_mailing_communes')
        .column('commune_insee')
        .execute();
      const items = [
        'Les engagements du Pacte du Logiciel Libre (priorité au libre et aux formats ouverts, informatique émancipatrice, pérennité des logiciels utilisés)',
        'Bureautique et internet libres : LibreOffice, Firefox, Thunderbird',
        'Logiciels métiers libres des collectivités (Comptoir du Libre, ADULLACT)',
        'GNU/Linux sur les serveurs de la mairie',
        'GNU/Linux sur les ordinateurs des écoles',
        'Services en ligne éthiques des CHATONS (hébergeurs alternatifs, transparents, ouverts, neutres et solidaires)',
      ];
      await db
        .insertInto('kit_items' as never)
        .values(items.map((label, i) => ({ id: `kit-${i + 1}`, label, position: (i + 1) * 10, active: 1 })) as never)
        .execute();
    },
  };
}
