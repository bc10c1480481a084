import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.ts';

/**
 * Accounts: users, sessions (token hashes only), login attempts for the rate limit; and what the
 * background import runner records while a file is being imported.
 */
export function migration0003Accounts({ textC }: MigrationContext) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        /** Normalised: trimmed, lower case. */
        .addColumn('email', textC, (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('sessions')
        /** Hex SHA-256 of the token held by the browser: a stolen database gives no usable cookie. */
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
      await db.schema
        .createTable('login_attempts')
        /** "ip|email" of a failed sign-in. */
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('attempted_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_key').on('login_attempts').columns(['key', 'attempted_at']).execute();
      await db.schema.createIndex('login_attempts_at').on('login_attempts').column('attempted_at').execute();
      await db.schema
        .alterTable('imports')
        .addColumn('progress_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('imports').addColumn('progress_at', 'text').execute();
      await db.schema.alterTable('imports').addColumn('actor', 'text').execute();
      await db.schema.alterTable('imports').addColumn('error', 'text').execute();
    },
  };
}
