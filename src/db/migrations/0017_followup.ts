import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * Results and the post-election follow-up (see followup/).
 *
 * - `election_results`: a flag on a list or a candidacy — 'qualified' (second round) or 'elected' —
 *   with its source ('rne': Répertoire national des élus through mandate_matches; 'second-round':
 *   the Ministère's second-round candidate file; 'csv': a coordinator's upload), a reference (import
 *   or file name), the date it holds from, and `current` 0 once the source no longer says so (kept).
 * - `followup_scorecards`: one per collectivity (commune INSEE, EPCI SIREN) and election where a
 *   signatory was elected, built from the pact version signed; level and counts cached for lists.
 * - `followup_signatories`: the elected signatories behind a scorecard, with since/until (history).
 * - `followup_items`: the current status of each commitment ("1") and concrete action ("1.5").
 * - `followup_updates`: every proposed or published change (the timeline and the Atom feed).
 * - `followup_tokens` / `followup_answers`: the elected team's personal link and their answers.
 * - `followup_reminders`: "did they act?" emails sent, per volunteer and organisation.
 */
export function migration0017Followup(ctx: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('election_results')
        .addColumn('id', ctx.textC, (c) => c.primaryKey())
        .addColumn('election_id', 'text', (c) => c.notNull())
        .addColumn('ballot_id', 'text', (c) => c.notNull())
        .addColumn('target_type', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('flag', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_ref', 'text')
        .addColumn('as_of', 'text')
        .addColumn('detail', 'text')
        .addColumn('current', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .execute();
      await db.schema
        .createIndex('election_results_target')
        .on('election_results')
        .columns(['target_type', 'target_id', 'flag', 'source'])
        .unique()
        .execute();
      await db.schema
        .createIndex('election_results_election')
        .on('election_results')
        .columns(['election_id', 'flag'])
        .execute();

      await db.schema
        .createTable('followup_scorecards')
        .addColumn('id', ctx.textC, (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('election_id', 'text', (c) => c.notNull())
        .addColumn('collectivity_kind', 'text', (c) => c.notNull())
        .addColumn('collectivity_code', 'text', (c) => c.notNull())
        .addColumn('collectivity_name', 'text', (c) => c.notNull())
        .addColumn('departement_code', 'text')
        .addColumn('ballot_id', 'text', (c) => c.notNull())
        .addColumn('document_id', 'text', (c) => c.notNull())
        .addColumn('document_version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('status_note', 'text')
        .addColumn('level', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('items_total', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('items_kept', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('items_evaluated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('followup_scorecards_collectivity')
        .on('followup_scorecards')
        .columns(['election_id', 'collectivity_kind', 'collectivity_code'])
        .unique()
        .execute();

      await db.schema
        .createTable('followup_signatories')
        .addColumn('scorecard_id', 'text', (c) => c.notNull())
        .addColumn('signature_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('list_id', 'text')
        .addColumn('candidacy_id', 'text')
        .addColumn('mandates', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('since', 'text')
        .addColumn('until', 'text')
        .addPrimaryKeyConstraint('followup_signatories_pk', ['scorecard_id', 'signature_id'])
        .execute();

      await db.schema
        .createTable('followup_items')
        .addColumn('scorecard_id', 'text', (c) => c.notNull())
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('commitment_number', 'integer', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pact_level', 'integer')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('non-evalue'))
        .addColumn('evidence_url', 'text')
        .addColumn('evidence_document', 'text')
        .addColumn('evidence_date', 'text')
        .addColumn('note', 'text')
        .addColumn('updated_at', 'text')
        .addColumn('updated_by', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('followup_items_pk', ['scorecard_id', 'item_key'])
        .execute();

      await db.schema
        .createTable('followup_updates')
        .addColumn('id', ctx.textC, (c) => c.primaryKey())
        .addColumn('scorecard_id', 'text', (c) => c.notNull())
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('previous_status', 'text')
        .addColumn('evidence_url', 'text')
        .addColumn('evidence_document', 'text')
        .addColumn('evidence_date', 'text')
        .addColumn('note', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('proposed_by', 'text')
        .addColumn('organisation_id', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('moderated_by', 'text')
        .addColumn('moderated_at', 'text')
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .execute();
      await db.schema
        .createIndex('followup_updates_scorecard')
        .on('followup_updates')
        .columns(['scorecard_id', 'state', 'created_at'])
        .execute();
      await db.schema
        .createIndex('followup_updates_published')
        .on('followup_updates')
        .columns(['state', 'published_at'])
        .execute();

      await db.schema
        .createTable('followup_tokens')
        .addColumn('id', ctx.textC, (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('scorecard_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();

      await db.schema
        .createTable('followup_answers')
        .addColumn('id', ctx.textC, (c) => c.primaryKey())
        .addColumn('scorecard_id', 'text', (c) => c.notNull())
        .addColumn('item_key', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('token_id', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('followup_answers_item')
        .on('followup_answers')
        .columns(['scorecard_id', 'item_key', 'answered_at'])
        .execute();

      await db.schema
        .createTable('followup_reminders')
        .addColumn('id', ctx.textC, (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('items', 'integer', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('followup_reminders_user')
        .on('followup_reminders')
        .columns(['user_id', 'organisation_id', 'sent_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'followup_reminders',
        'followup_answers',
        'followup_tokens',
        'followup_updates',
        'followup_items',
        'followup_signatories',
        'followup_scorecards',
        'election_results',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
