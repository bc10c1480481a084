import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { ballotInZone, type ZoneScope } from './zone.ts';

export interface WorkspaceFilters {
  /** INSEE code: ballots of that commune (and its secteurs). */
  commune?: string;
  nuance?: string;
  /** Only têtes de liste (and individual candidacies). */
  headsOnly: boolean;
  /** Order by position on the list: the eligible places first. */
  eligibleFirst: boolean;
}

const targetType = sql<string>`case when c.list_id is null then 'candidacy' else 'list' end`;
const targetId = sql<string>`coalesce(c.list_id, c.id)`;

function flag(table: 'contacts' | 'responses', extra: RawBuilder<unknown> = sql``) {
  return sql<number>`case when exists (select 1 from ${sql.table(table)} x where x.target_type = ${targetType} and x.target_id = ${targetId} ${extra}) then 1 else 0 end`;
}

/**
 * "Signé": a response classified 'signe', or a published signature of the pact (pledges/, table
 * `signatures` of migration 0008) for the list or the individual candidacy. Read in SQL rather than
 * through the signatures service so that a whole zone's coverage stays one query.
 */
function signedSql(type: RawBuilder<unknown> | string, id: RawBuilder<unknown> | string) {
  return sql<boolean>`(exists (select 1 from responses xs where xs.target_type = ${type} and xs.target_id = ${id}
      and xs.classification = 'signe')
    or exists (select 1 from signatures sg where sg.state = 'published' and sg.merged_into is null
      and ((${type} = 'list' and sg.list_id = ${id}) or (${type} = 'candidacy' and sg.candidacy_id = ${id}))))`;
}

function filtered(db: Db, scope: ZoneScope, filters: WorkspaceFilters) {
  // The zone's ballots first (a few hundred rows), then their candidacies through the ballot index:
  // the zone condition is evaluated per ballot, not per candidacy.
  let ballots = db.selectFrom('ballots as b').select('b.id').where(ballotInZone(scope));
  if (filters.commune) {
    ballots = ballots.where(
      sql<boolean>`b.territory_kind in ('commune', 'secteur') and substr(b.territory_code, 1, 5) = ${filters.commune}`,
    );
  }
  let query = db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .where('c.ballot_id', 'in', ballots);
  if (filters.nuance) query = query.where(sql<boolean>`coalesce(l.nuance_code, c.nuance_code) = ${filters.nuance}`);
  if (filters.headsOnly) query = query.where((eb) => eb.or([eb('c.head', '=', 1), eb('c.list_id', 'is', null)]));
  return query;
}

/** One page of candidacies of the zone with the status of their target (the list, or themselves). */
export async function workspaceRows(
  db: Db,
  scope: ZoneScope,
  filters: WorkspaceFilters,
  page: { limit: number; offset: number },
  nowIso: string,
) {
  // Two steps: the page's candidacies first (zone, filters, order: no status computed), then their
  // status, so the status subqueries run for 50 rows, not for every candidacy of the zone.
  let ids = filtered(db, scope, filters).select('c.id');
  if (filters.eligibleFirst) ids = ids.orderBy(sql`coalesce(c.position, 0)`);
  const pageIds = (
    await ids
      .orderBy('b.territory_code')
      .orderBy(sql`coalesce(l.panel, c.panel, 0)`)
      .orderBy(sql`coalesce(c.position, 0)`)
      .orderBy('c.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute()
  ).map((r) => r.id);
  if (pageIds.length === 0) return [];
  const rows = await db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .leftJoin('reservations as r', (j) =>
      j
        .on(sql<boolean>`r.target_type = ${targetType}`)
        .on(sql<boolean>`r.target_id = ${targetId}`)
        .on((eb) => eb.or([eb('r.expires_at', 'is', null), eb('r.expires_at', '>', nowIso)])),
    )
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'c.id as candidacy_id',
      'c.first_name',
      'c.last_name',
      'c.position',
      'c.head',
      'c.list_id',
      'l.name as list_name',
      sql<string | null>`coalesce(l.nuance_code, c.nuance_code)`.as('nuance_code'),
      'b.id as ballot_id',
      'b.name as ballot_name',
      'b.territory_code',
      targetType.as('target_type'),
      targetId.as('target_id'),
      'r.user_id as reserved_by',
      'u.display_name as reserved_by_name',
      'u.email as reserved_by_email',
      'r.expires_at as reserved_until',
      flag('contacts').as('contacted'),
      flag('responses', sql`and x.classification <> 'sans-reponse'`).as('answered'),
      sql<number>`case when ${signedSql(targetType, targetId)} then 1 else 0 end`.as('signed'),
    ])
    .where('c.id', 'in', pageIds)
    .execute();
  const order = new Map(pageIds.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.candidacy_id) ?? 0) - (order.get(b.candidacy_id) ?? 0));
}

export function countWorkspaceRows(db: Db, scope: ZoneScope, filters: WorkspaceFilters) {
  return filtered(db, scope, filters)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
}

export interface ZoneTargetRow {
  target_type: string;
  target_id: string;
  label: string;
  head_name: string | null;
  nuance_code: string | null;
  ballot_id: string;
  ballot_name: string;
  territory_code: string;
  reserved: number;
  contacted: number;
  answered: number;
  signed: number;
}

/**
 * Every target of the zone (lists, and individual candidacies) with its status flags, for the
 * coverage views and the unassigned têtes de liste.
 */
export async function zoneTargets(db: Db, scope: ZoneScope, nowIso: string): Promise<ZoneTargetRow[]> {
  const zone = ballotInZone(scope);
  const status = (type: RawBuilder<unknown>, id: RawBuilder<unknown>) => sql`
    case when exists (select 1 from reservations r where r.target_type = ${type} and r.target_id = ${id}
      and (r.expires_at is null or r.expires_at > ${nowIso})) then 1 else 0 end as reserved,
    case when exists (select 1 from contacts k where k.target_type = ${type} and k.target_id = ${id}) then 1 else 0 end as contacted,
    case when exists (select 1 from responses x where x.target_type = ${type} and x.target_id = ${id}
      and x.classification <> 'sans-reponse') then 1 else 0 end as answered,
    case when ${signedSql(type, id)} then 1 else 0 end as signed`;
  const result = await sql<ZoneTargetRow>`
    select 'list' as target_type, l.id as target_id, l.name as label,
      (select h.first_name || ' ' || h.last_name from candidacies h where h.list_id = l.id and h.head = 1 limit 1) as head_name,
      l.nuance_code, b.id as ballot_id, b.name as ballot_name, b.territory_code,
      ${status(sql`'list'`, sql.ref('l.id'))}
    from lists l join ballots b on b.id = l.ballot_id
    where ${zone}
    union all
    select 'candidacy' as target_type, c.id as target_id, c.first_name || ' ' || c.last_name as label,
      c.first_name || ' ' || c.last_name as head_name,
      c.nuance_code, b.id as ballot_id, b.name as ballot_name, b.territory_code,
      ${status(sql`'candidacy'`, sql.ref('c.id'))}
    from candidacies c join ballots b on b.id = c.ballot_id
    where c.list_id is null and ${zone}
    order by territory_code, label`.execute(db);
  return result.rows;
}

/** The zone's contacts (for the CSV export), oldest first. */
export function zoneContacts(db: Db, scope: ZoneScope) {
  return db
    .selectFrom('contacts as k')
    .innerJoin('ballots as b', 'b.id', 'k.ballot_id')
    .leftJoin('lists as l', 'l.id', 'k.list_id')
    .leftJoin('candidacies as c', (j) => j.on('k.target_type', '=', 'candidacy').onRef('c.id', '=', 'k.target_id'))
    .leftJoin('users as u', 'u.id', 'k.user_id')
    .leftJoin('organisations as o', 'o.id', 'k.organisation_id')
    .select([
      'k.id',
      'k.contacted_on',
      'k.channel',
      'k.target_type',
      'k.target_id',
      'b.id as ballot_id',
      'b.name as ballot_name',
      'l.name as list_name',
      'c.first_name',
      'c.last_name',
      'o.name as organisation_name',
      'u.email as user_email',
      'u.display_name as user_name',
      'k.notes',
      'k.next_step',
      'k.next_step_due',
      'k.delivery_state',
    ])
    .where(ballotInZone(scope))
    .orderBy('k.contacted_on')
    .orderBy('k.created_at')
    .execute();
}

/** Per member of an organisation: contacts, responses, active reservations, last contact date. */
export async function volunteerActivity(db: Db, organisationId: string, nowIso: string) {
  const result = await sql<{
    user_id: string;
    email: string;
    display_name: string | null;
    role: string;
    contacts: number | string;
    responses: number | string;
    reservations: number | string;
    last_contact: string | null;
  }>`
    select m.user_id, u.email, u.display_name, m.role,
      (select count(*) from contacts k where k.user_id = m.user_id) as contacts,
      (select count(*) from responses x where x.user_id = m.user_id) as responses,
      (select count(*) from reservations r where r.user_id = m.user_id
        and (r.expires_at is null or r.expires_at > ${nowIso})) as reservations,
      (select max(k.contacted_on) from contacts k where k.user_id = m.user_id) as last_contact
    from organisation_members m join users u on u.id = m.user_id
    where m.organisation_id = ${organisationId}
    order by u.email`.execute(db);
  return result.rows;
}

/** Public actions of an organisation: contacts and responses it recorded (no personal data). */
export async function organisationActions(db: Db, organisationId: string, limit: number) {
  const result = await sql<{
    kind: 'contact' | 'response';
    id: string;
    day: string;
    at: string;
    channel: string | null;
    classification: string | null;
    ballot_id: string;
    ballot_name: string;
    list_id: string | null;
    list_name: string | null;
    first_name: string | null;
    last_name: string | null;
  }>`
    select * from (
      select 'contact' as kind, k.id, k.contacted_on as day, k.created_at as at, k.channel, null as classification,
        b.id as ballot_id, b.name as ballot_name, l.id as list_id, l.name as list_name, c.first_name, c.last_name
      from contacts k join ballots b on b.id = k.ballot_id
        left join lists l on l.id = k.list_id
        left join candidacies c on k.target_type = 'candidacy' and c.id = k.target_id
      where k.organisation_id = ${organisationId}
      union all
      select 'response' as kind, x.id, x.received_on as day, x.created_at as at, null as channel, x.classification,
        b.id as ballot_id, b.name as ballot_name, l.id as list_id, l.name as list_name, c.first_name, c.last_name
      from responses x join ballots b on b.id = x.ballot_id
        left join lists l on l.id = x.list_id
        left join candidacies c on x.target_type = 'candidacy' and c.id = x.target_id
      where x.organisation_id = ${organisationId}
    ) actions
    order by day desc, at desc
    limit ${limit}`.execute(db);
  return result.rows;
}

export async function organisationCounts(db: Db, organisationId: string) {
  const result = await sql<{ contacts: number | string; answers: number | string; signed: number | string }>`
    select
      (select count(*) from contacts k where k.organisation_id = ${organisationId}) as contacts,
      (select count(*) from responses x where x.organisation_id = ${organisationId}
        and x.classification <> 'sans-reponse') as answers,
      (select count(*) from (
        select k.target_type, k.target_id from contacts k where k.organisation_id = ${organisationId}
        union
        select x.target_type, x.target_id from responses x where x.organisation_id = ${organisationId}
      ) t where ${signedSql(sql.ref('t.target_type'), sql.ref('t.target_id'))}) as signed`.execute(db);
  return result.rows[0] ?? { contacts: 0, answers: 0, signed: 0 };
}

/** The status flags of one target. */
export async function targetFlags(db: Db, type: string, id: string) {
  const result = await sql<{ contacted: number; answered: number; signed: number }>`
    select
      case when exists (select 1 from contacts k where k.target_type = ${type} and k.target_id = ${id}) then 1 else 0 end as contacted,
      case when exists (select 1 from responses x where x.target_type = ${type} and x.target_id = ${id}
        and x.classification <> 'sans-reponse') then 1 else 0 end as answered,
      case when ${signedSql(type, id)} then 1 else 0 end as signed`.execute(db);
  return result.rows[0] ?? { contacted: 0, answered: 0, signed: 0 };
}

/**
 * Targets contacted or answered, counted per ballot and nuance, for the campaign statistics: starts
 * from the contacts and responses (a few thousand rows) instead of every list of the country, so
 * it stays cheap on national data. Same targets and flags as zoneTargets with `{ all: true }`
 * (lists, and candidacies without a list).
 */
export async function touchedTargetCounts(db: Db) {
  const result = await sql<{
    ballot_id: string;
    nuance_code: string | null;
    contacted: number | string;
    answered: number | string;
  }>`
    with touched as (
      select target_type, target_id, max(contacted) as contacted, max(answered) as answered from (
        select k.target_type, k.target_id, 1 as contacted, 0 as answered from contacts k
        union all
        select x.target_type, x.target_id, 0 as contacted, 1 as answered from responses x
          where x.classification <> 'sans-reponse'
      ) flags group by target_type, target_id
    ),
    targets as (
      select l.ballot_id, l.nuance_code, t.contacted, t.answered
        from touched t join lists l on t.target_type = 'list' and l.id = t.target_id
      union all
      select c.ballot_id, c.nuance_code, t.contacted, t.answered
        from touched t join candidacies c on t.target_type = 'candidacy' and c.id = t.target_id and c.list_id is null
    )
    select ballot_id, nuance_code, sum(contacted) as contacted, sum(answered) as answered
    from targets group by ballot_id, nuance_code`.execute(db);
  return result.rows;
}
