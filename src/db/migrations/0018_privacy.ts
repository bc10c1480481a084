import type { Kysely } from 'kysely';

/**
 * Personal-data rights (src/privacy/): single-use emailed links ('link', 1 h) and the short access they
 * open ('access', 1 h), both stored as the hex SHA-256 of the token, for one email address.
 */
export function migration0018Privacy() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('privacy_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('privacy_tokens_expiry').on('privacy_tokens').column('expires_at').execute();
    },
  };
}
