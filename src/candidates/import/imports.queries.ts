import type { Db } from '../../db/connection.ts';

export function listImports(db: Db, limit = 100) {
  return db
    .selectFrom('imports')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export function getImport(db: Db, id: string) {
  return db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
}

export type ImportRow = NonNullable<Awaited<ReturnType<typeof getImport>>>;
