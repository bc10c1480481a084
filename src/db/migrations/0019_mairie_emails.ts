import type { Kysely } from 'kysely';

/**
 * The mairies' email addresses (src/ambassadors/mairie-emails.service.ts): the Répertoire national des
 * élus has none, so a coordinator loads them (e.g. from the Annuaire de l'administration) to send the
 * letters to mayors by email. One address per commune, with where it came from.
 */
export function migration0019MairieEmails() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mairie_emails')
        .addColumn('insee', 'text', (c) => c.primaryKey().references('communes.insee'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
