import { type Kysely, sql } from 'kysely';

/**
 * Self-service accounts: a display name, the date the email was confirmed (accounts created with
 * `pacte user add` count as confirmed), and single-use tokens sent by email ('confirm' | 'reset'),
 * stored as the hex SHA-256 of the token like sessions.
 */
export function migration0011AccountTokens() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
      await db.schema.alterTable('users').addColumn('confirmed_at', 'text').execute();
      await sql`update users set confirmed_at = created_at`.execute(db);
      await db.schema
        .createTable('account_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('account_tokens_user').on('account_tokens').columns(['user_id', 'purpose']).execute();
    },
  };
}
