import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import type { Db } from './connection.ts';
import { reusableQuery } from './reusable-query.ts';

/**
 * The version of the public data, so that rendered pages and ETags can be reused until something changes.
 *
 * Every write that goes through Kysely to a table not listed below counts as a change: this process
 * increments its local counter at once, and stores a new version in `settings` (key `data_version`)
 * right after, so that other processes (a `pacte import` run from the command line, other instances on
 * PostgreSQL) see it on their next read. Counting writes where they happen, rather than asking each
 * domain to remember to call a "bump", means a new feature cannot forget to invalidate the cache.
 * Bulk imports write through their own connection (write-session.ts) but finish by updating their
 * `imports` row through Kysely, which counts.
 *
 * A write that is rolled back still counts: the cost is one needless re-render, never a stale page.
 */
const UNVERSIONED_TABLES = new Set([
  'settings',
  'sessions',
  'login_attempts',
  // Outreach reservations and account tokens appear on no public page.
  'reservations',
  'account_tokens',
  'rate_limits',
  'rate_limit_hits',
  'privacy_tokens',
  // The background job queue (src/jobs/): polled by every instance's worker; its rows are never shown.
  'jobs',
  'kysely_migration',
  'kysely_migration_lock',
]);

export const DATA_VERSION_KEY = 'data_version';
const KEY = DATA_VERSION_KEY;

export class DataVersion {
  #local = 0;
  #db: Db | undefined;
  #pendingStore: Promise<void> | undefined;
  #storeAgain = false;

  /** The Kysely plugin that notices writes; give it the Kysely instance with `attach` once built. */
  readonly plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs) => {
      if (isVersionedWrite(args.node)) {
        this.#local++;
        this.#scheduleStore();
      }
      return args.node;
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => args.result,
  };

  attach(db: Db) {
    this.#db = db;
    versionOfDb.set(db, this);
  }

  /**
   * @param readStored reads the stored version without going through Kysely (it is asked on every
   * cached page: on SQLite a prepared statement answers in microseconds, synchronously).
   */
  constructor(private readonly readStored?: () => string | undefined) {}

  /** The current version: the stored one (changed by any process) and this process's own writes. */
  async current(): Promise<string> {
    // Within a request (withinRequest), the stored version is read once: the page cache, the HTTP
    // validators and the per-version caches of one page then cost one read (PostgreSQL: one round
    // trip, not four). This process's own writes still count at once (#local).
    const scope = this.#request.getStore();
    if (scope) {
      scope.stored ??= this.readStored ? (this.readStored() ?? '0') : this.#sharedRead();
      return `${await scope.stored}.${this.#local}`;
    }
    if (this.readStored) return `${this.readStored() ?? '0'}.${this.#local}`;
    return `${await this.#sharedRead()}.${this.#local}`;
  }

  /** Runs a request's handling with the stored version read at most once: what another process writes meanwhile is seen by the next request. */
  withinRequest<T>(handle: () => T): T {
    return this.#request.run({}, handle);
  }

  readonly #request = new AsyncLocalStorage<{ stored?: string | Promise<string> }>();

  /** Requests arriving together share one read (PostgreSQL: one round trip for all of them). */
  #sharedRead(): Promise<string> {
    this.#reading ??= this.#readWithKysely().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  #reading: Promise<string> | undefined;

  async #readWithKysely(): Promise<string> {
    const db = this.#db;
    if (!db) return 'local';
    const [row] = await storedVersion(db, KEY);
    return row?.value ?? '0';
  }

  /** Waits for the stored version to be written (tests; closing the connection). */
  async settled(): Promise<void> {
    while (this.#pendingStore) await this.#pendingStore;
  }

  #scheduleStore() {
    if (!this.#db) return;
    if (this.#pendingStore) {
      this.#storeAgain = true;
      return;
    }
    // After the current microtask: the write that triggered this runs first (and, on SQLite, any
    // transaction holding the single connection finishes before this statement gets it).
    this.#pendingStore = Promise.resolve()
      .then(() => this.#store())
      .catch(() => {
        // The connection closed or the table is not there yet (first migration): nothing to invalidate.
      })
      .finally(() => {
        this.#pendingStore = undefined;
        if (this.#storeAgain) {
          this.#storeAgain = false;
          this.#scheduleStore();
        }
      });
  }

  async #store() {
    const db = this.#db;
    if (!db) return;
    const value = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    await db
      .insertInto('settings')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` }))
      .execute();
  }
}

/** Read on every cacheable request (PostgreSQL: a named prepared statement, see db/reusable-query.ts). */
const storedVersion = reusableQuery((db: Db, key: string) =>
  db.selectFrom('settings').select('value').where('key', '=', key),
);

const versionOfDb = new WeakMap<object, DataVersion>();

/**
 * A value computed from public data, kept until the data version changes (see above): for small
 * tables read on every page (elections, data sources, imports, nuance labels). The version is read
 * before computing, so a write during the computation leaves a value keyed by the older version,
 * recomputed on the next call. Without a known version (a transaction's Kysely instance), it computes
 * each time.
 */
export function perDataVersion<T>(compute: (db: Db) => Promise<T>): (db: Db) => Promise<T> {
  const cached = new WeakMap<object, { version: string; value: Promise<T> }>();
  return async (db) => {
    const source = versionOfDb.get(db);
    if (!source) return compute(db);
    const version = await source.current();
    const entry = cached.get(db);
    if (entry?.version === version) return entry.value;
    const value = compute(db);
    cached.set(db, { version, value });
    value.catch(() => {
      if (cached.get(db)?.value === value) cached.delete(db);
    });
    return value;
  };
}

function isVersionedWrite(node: RootOperationNode): boolean {
  switch (node.kind) {
    case 'InsertQueryNode':
      return versionedTable(node.into);
    case 'UpdateQueryNode':
      return versionedTable(node.table);
    case 'DeleteQueryNode':
      return node.from.froms.some(versionedTable);
    case 'MergeQueryNode':
      return true;
    case 'RawNode':
      return /^\s*(insert|update|delete|merge|replace)\b/i.test(node.sqlFragments.join(' '));
    default:
      return false;
  }
}

function versionedTable(node: OperationNode | undefined): boolean {
  const name = tableName(node);
  return name === undefined || !UNVERSIONED_TABLES.has(name);
}

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'TableNode') {
    return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  }
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node);
  return undefined;
}
