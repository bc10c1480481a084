import type { Kysely } from 'kysely';

/**
 * Letters to candidates (outreach/letters/).
 *
 * - `letter_templates`: a named template for one kind of election (`municipales`, `legislatives`, …)
 *   with a subject and a body holding merge fields (`{{candidat.nom}}`); `builtin` 1 for the
 *   templates Pacte ships (seeded, written after seed 000), `version` for optimistic edits.
 * - `letter_sends`: one row per email sent from a template, with its delivery state (`sent`, or
 *   `bounced` when the SMTP server refused it), the server's refusal and the message id; the send is
 *   also a `courriel` entry of the outreach contact log (`contact_id`).
 */
export function migration0012Letters() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('letter_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('election_kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();
      await db.schema
        .createTable('letter_sends')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('template_id', 'text', (c) => c.notNull().references('letter_templates.id'))
        /** The entry of the outreach contact log (contacts.id) that records this email. */
        .addColumn('contact_id', 'text')
        .addColumn('list_id', 'text')
        .addColumn('candidacy_id', 'text')
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('message_id', 'text')
        .addColumn('sent_by', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('letter_sends_list').on('letter_sends').column('list_id').execute();
      await db.schema.createIndex('letter_sends_candidacy').on('letter_sends').column('candidacy_id').execute();
    },
  };
}
