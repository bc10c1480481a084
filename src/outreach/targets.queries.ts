import { sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { ballotInZone, type ZoneScope } from './zone.ts';

/** A list, or an individual candidacy (législatives): what volunteers reserve and contact. */
export type TargetType = 'list' | 'candidacy';

export function listTarget(db: Db, id: string) {
  return db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .select([
      'l.id',
      'l.ballot_id',
      'l.name as label',
      'l.nuance_code',
      'b.name as ballot_name',
      'b.territory_kind',
      'b.territory_code',
      'b.election_id',
    ])
    .where('l.id', '=', id)
    .executeTakeFirst();
}

export function candidacyTarget(db: Db, id: string) {
  return db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .select([
      'c.id',
      'c.ballot_id',
      'c.list_id',
      sql<string>`c.first_name || ' ' || c.last_name`.as('label'),
      'c.nuance_code',
      'b.name as ballot_name',
      'b.territory_kind',
      'b.territory_code',
      'b.election_id',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function ballotIsInZone(db: Db, scope: ZoneScope, ballotId: string): Promise<boolean> {
  const row = await db
    .selectFrom('ballots as b')
    .select('b.id')
    .where('b.id', '=', ballotId)
    .where(ballotInZone(scope))
    .executeTakeFirst();
  return row !== undefined;
}
