import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/**
 * Kysely's SQLite dialect, except that transactions start with `BEGIN IMMEDIATE`.
 *
 * Every transaction in Pacte writes. Under WAL, a deferred `BEGIN` reads first and asks for the write
 * lock at its first write; if another process (a second `pacte serve` worker, `pacte import`) committed
 * in between, SQLite answers SQLITE_BUSY at once — the busy timeout cannot help, the snapshot is stale.
 * Taking the write lock at `BEGIN` makes a transaction wait its turn (busy_timeout) instead.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
