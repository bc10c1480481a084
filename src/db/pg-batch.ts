import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DirectReader } from './reusable-query.ts';

interface Pending {
  sql: string;
  parameters: readonly unknown[];
  name: string;
  resolve: (rows: unknown[]) => void;
  reject: (error: unknown) => void;
}

/** "cached plan must not change result type" (feature_not_supported). */
const CACHED_PLAN_CHANGED = '0A000';

/** Distinct combinations prepared by name; beyond, a batch runs as an unnamed statement (planned each time). */
const MAX_NAMED_BATCHES = 200;

/**
 * PostgreSQL reader of the reusable queries (db/reusable-query.ts): the queries asked for together
 * (before the microtasks run: one `Promise.all`) are sent as one statement, one round trip instead of
 * one each. A commune page asks for five at once (lists, candidacies, mandates, signatures,
 * scorecards); each round trip costs this process and the PostgreSQL server more than a small
 * query's own work (writing and reading the socket, waking the backend, the protocol messages).
 * Batching over a whole turn of the event loop (setImmediate) was tried: it mixes the queries of
 * several requests into many different combinations, each planned on each connection, and cost more.
 *
 * The combined statement selects each query's rows as a JSON array (`json_agg` of the query as a
 * subquery, in its order), parsed by pg like any json column. The values are those pg returns for
 * the rows themselves as long as the columns are text, integers, floating-point or json (the
 * schema's types, decision 0002: dates are ISO text); a query returning other types (timestamptz,
 * bytea, int8 beyond 2^53) must not be a reusable query. A query alone in its turn runs as is. Every
 * statement is a named prepared statement (parsed and planned once per pooled connection), the
 * batches' names derived from their queries' names. A query asked for twice in one turn (two
 * requests) goes into the next batch, so batches stay combinations of distinct queries. When a batch
 * fails, its queries run again one by one, so that each gets its own rows or its own error.
 */
export function batchingReader(pool: pg.Pool): DirectReader {
  let pending: Pending[] = [];
  const batchNames = new Set<string>();

  // Renumbering the parameters of a query supposes its `$n` are its parameters, $1 to $n, each once
  // (as Kysely writes them), and none inside a string literal: checked once per query.
  const checked = new Map<string, boolean>();
  const batchable = (p: Pending) => {
    let ok = checked.get(p.name);
    if (ok === undefined) {
      const found = [...p.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
      ok = found.length === p.parameters.length && found.every((n, i) => n === i + 1);
      checked.set(p.name, ok);
    }
    return ok;
  };

  const runAlone = async (p: Pending) => {
    const values = p.parameters as unknown[];
    try {
      const result = await pool.query({ name: p.name, text: p.sql, values });
      p.resolve(result.rows);
    } catch (error) {
      if ((error as { code?: string }).code !== CACHED_PLAN_CHANGED) return p.reject(error);
      // A table of a `select *` changed since the statement was prepared on this connection (a
      // migration run by another instance): answered unnamed, as before prepared statements.
      pool.query({ text: p.sql, values }).then((result) => p.resolve(result.rows), p.reject);
    }
  };

  const runBatch = async (batch: Pending[]) => {
    batch.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const values: unknown[] = [];
    const columns = batch.map((p, i) => {
      const offset = values.length;
      values.push(...p.parameters);
      const sql = offset === 0 ? p.sql : p.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      return `(select coalesce(json_agg(t), '[]'::json) from (${sql}) as t) as r${i}`;
    });
    const key = `pacte_batch_${createHash('sha1')
      .update(batch.map((p) => p.name).join(','))
      .digest('hex')
      .slice(0, 20)}`;
    if (batchNames.size < MAX_NAMED_BATCHES) batchNames.add(key);
    const name = batchNames.has(key) ? key : undefined;
    try {
      const result = await pool.query({ name, text: `select ${columns.join(', ')}`, values });
      const row = result.rows[0] as Record<string, unknown[]>;
      batch.forEach((p, i) => {
        p.resolve(row[`r${i}`] as unknown[]);
      });
    } catch {
      // One query's error must not be its neighbours': each runs again alone, with its own outcome.
      for (const p of batch) void runAlone(p);
    }
  };

  const flush = () => {
    let waiting = pending;
    pending = [];
    while (waiting.length) {
      const seen = new Set<string>();
      const batch: Pending[] = [];
      const later: Pending[] = [];
      for (const p of waiting) {
        if (!batchable(p)) void runAlone(p);
        else if (seen.has(p.name)) later.push(p);
        else {
          seen.add(p.name);
          batch.push(p);
        }
      }
      if (batch.length === 1) void runAlone(batch[0] as Pending);
      else void runBatch(batch);
      waiting = later;
    }
  };

  return (sql, parameters, name, options) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (options.alone) return void runAlone({ sql, parameters, name, resolve, reject });
      if (pending.length === 0) queueMicrotask(flush);
      pending.push({ sql, parameters, name, resolve, reject });
    });
}
