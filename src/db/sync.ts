import type { Kysely } from 'kysely';

export interface SyncCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

type Row = Record<string, string | number | null>;

export interface SyncPlan {
  table: string;
  counts: SyncCounts;
  applyUpserts(db: Kysely<any>): Promise<void>;
  applyDeletes(db: Kysely<any>): Promise<void>;
}

/** Keeps statements under both engines' bound-parameter limits (PostgreSQL: 65,535). */
const MAX_PARAMS = 30_000;

function keyOf(row: Row, keys: readonly string[]): string {
  return keys.map((k) => String(row[k])).join('\u0000');
}

function sameRow(a: Row, b: Row): boolean {
  return Object.keys(a).every((k) => (a[k] ?? null) === (b[k] ?? null) || String(a[k]) === String(b[k]));
}

/**
 * Compares the wanted rows of a reference table with what is stored and plans the minimal
 * inserts, updates and deletes — so loading the same data twice changes nothing.
 */
export async function planSync(
  db: Kysely<any>,
  table: string,
  keys: readonly string[],
  wanted: Row[],
): Promise<SyncPlan> {
  const existing = new Map<string, Row>();
  for (const row of (await db.selectFrom(table).selectAll().execute()) as Row[]) existing.set(keyOf(row, keys), row);
  const inserts: Row[] = [];
  const updates: Row[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const row of wanted) {
    const key = keyOf(row, keys);
    if (seen.has(key)) continue;
    seen.add(key);
    const current = existing.get(key);
    if (!current) inserts.push(row);
    else if (sameRow(row, current)) unchanged++;
    else updates.push(row);
  }
  const deletes = [...existing.entries()].filter(([key]) => !seen.has(key)).map(([, row]) => row);
  return {
    table,
    counts: { created: inserts.length, updated: updates.length, deleted: deletes.length, unchanged },
    async applyUpserts(trx) {
      const columns = inserts[0] ? Object.keys(inserts[0]).length : 1;
      const batch = Math.max(1, Math.floor(MAX_PARAMS / columns));
      for (let i = 0; i < inserts.length; i += batch) {
        await trx
          .insertInto(table)
          .values(inserts.slice(i, i + batch))
          .execute();
      }
      for (const row of updates) {
        let query = trx.updateTable(table).set(row);
        for (const k of keys) query = query.where(k, '=', row[k]);
        await query.execute();
      }
    },
    async applyDeletes(trx) {
      for (const row of deletes) {
        let query = trx.deleteFrom(table);
        for (const k of keys) query = query.where(k, '=', row[k]);
        await query.execute();
      }
    },
  };
}
