/**
 * Links the mandates of the Répertoire national des élus (table `mandates`) to candidacies: who
 * among the candidates holds a mandate now. Rules (see also `scorePair`):
 *
 * - Territory: a commune mandate (maire, conseiller municipal, conseiller communautaire through the
 *   commune it represents) looks at the ballots of that commune and of its Paris/Lyon/Marseille
 *   sectors; a député looks at the ballots of their circonscription (`legislatives-*.{dep}-{NN}`).
 *   Sénateurs are not matched (no sénatoriales ballots).
 * - Name: same last name and same first name once normalised (case, accents, hyphens, spaces:
 *   normalizeSearch); a compound first name may be given in part (« Jean » for « Jean-Baptiste »).
 * - Birth date: when both sides know it, it must be equal (else: not the same person).
 * - Confidence: name + birth date + territory = 100; first name in part + birth date = 90;
 *   name + territory (a birth date missing on one side) = 80; first name in part without birth
 *   date = 60.
 * - Status: 'auto' only when the link is the only one both ways (the mandate has no other
 *   candidate in that election, the candidacy no other mandate of that kind) and confidence ≥ 80;
 *   otherwise every possible link is stored as 'ambiguous', one row per candidacy, for a moderator.
 *   A link confirmed by birth date (≥ 90) and alone at that level wins over weaker ones.
 * - A moderator's decision ('confirmed' / 'rejected') is never changed by a later run; a rejected
 *   link is ignored when deciding whether the others are unique, a confirmed one excludes the rest.
 *
 * Matching runs at the end of every RNE import (for the mandate kind imported) and after every
 * candidate import (for that election). It is idempotent: a second run changes nothing.
 *
 * How: a few hundred territories at a time, the database itself pairs each current mandate with
 * the candidacies of its territory that have the same normalised last name (`name_key` on both
 * sides, written by the importers; index candidacies (ballot_id, name_key)), so only those pairs —
 * not every candidacy — reach JavaScript, where the first names and birth dates are scored and the
 * links reconciled with the stored ones. New links are bulk-inserted (COPY on PostgreSQL). A first
 * run (no link stored at all: after a first national import) is done by the database, only the
 * competing pairs coming back to be decided here (rne-matching.first-run.ts; decision 0031); the
 * rules themselves are in rne-matching.rules.ts, shared by both.
 */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Db, Dialect } from '../db/connection.ts';
import { dropSecondaryIndexes } from '../db/deferred-indexes.ts';
import { newId } from '../db/ids.ts';
import { normalizeSearch, nowIso, toCount } from '../db/portability.ts';
import type { Database } from '../db/schema.ts';
import { ballotId } from '../elections/elections.service.ts';
import {
  countsGroupsInSql,
  createFirstNameKeys,
  decideCompeting,
  insertUnitPairs,
  onOneConnection,
} from './rne-matching.first-run.ts';
import { decidePairs, type Pair as RulePair, scoreNormalized } from './rne-matching.rules.ts';

export { scorePair } from './rne-matching.rules.ts';

/** A possible link: a scored pair, or a link a moderator confirmed. */
type Pair = RulePair<PairRow>;

export type MatchStatus = 'auto' | 'ambiguous' | 'confirmed' | 'rejected';

export interface MatchSummary {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Links stored as 'auto' / 'ambiguous' after this run, within its scope. */
  auto: number;
  ambiguous: number;
}

export interface MatchScope {
  /** Mandate kinds to match (default: every kind that has ballots). */
  mandateKinds?: readonly string[];
  /** Only the ballots of this election (after a candidate import). */
  electionId?: string;
  /**
   * Only the mandates of these communes / circonscriptions (those an import changed); default:
   * every territory. Links are decided commune by commune (circonscription by circonscription), so
   * matching some territories gives the same links there as matching them all.
   */
  territories?: { communes?: Iterable<string>; circonscriptions?: Iterable<string> };
  /** For the audit log. */
  importId?: string | null;
  actor?: string;
}

type Value = string | number | null;
/** Bulk insert of a write session (multi-row statements on SQLite, COPY on PostgreSQL). */
export type InsertMany = (table: 'mandate_matches', columns: readonly string[], rows: Value[][]) => Promise<void>;

type MatchRow = Database['mandate_matches'];

/** Mandate kinds and the territory their ballots are looked for in. */
const COMMUNE_MANDATES = ['maire', 'conseiller-municipal', 'conseiller-communautaire'];
const CIRCONSCRIPTION_MANDATES = ['depute'];
const MATCHED_MANDATES = [...COMMUNE_MANDATES, ...CIRCONSCRIPTION_MANDATES];

/** New links are written in bulk once this many are waiting. */
const INSERT_BATCH = 10_000;
/** A moderator's decision, kept as is by later runs. */
const DECIDED = new Set(['confirmed', 'rejected']);
const MATCH_COLUMNS = [
  'mandate_id',
  'candidacy_id',
  'person_id',
  'confidence',
  'method',
  'status',
  'decided_by',
  'decided_at',
  'created_at',
] as const satisfies readonly (keyof MatchRow)[];

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A mandate and a candidacy of its territory with the same normalised last name, with the stored
 * link between them, if any (`status` null: none).
 */
interface PairRow {
  mandate_id: string;
  mandate: string;
  m_first: string;
  m_birth: string | null;
  candidacy_id: string;
  person_id: string;
  c_first: string;
  c_birth: string | null;
  /** Not read when the election matched is known. */
  election_id?: string;
  /** The stored link's, absent on a first run (none stored). */
  status?: string | null;
  mm_person?: string | null;
  mm_confidence?: number | null;
  mm_method?: string | null;
}

/** A stored link the pairs do not carry, with its candidacy as it is now (`c_id` null: deleted since). */
interface LinkRow {
  mandate_id: string;
  candidacy_id: string;
  person_id: string;
  status: string;
  c_id: string | null;
  c_person: string | null;
}

/** First names repeat a lot: each is normalised once (bounded cache). */
class Normalizer {
  private cache = new Map<string, string>();
  of(text: string): string {
    let value = this.cache.get(text);
    if (value === undefined) {
      if (this.cache.size >= 20_000) this.cache = new Map();
      value = normalizeSearch(text);
      this.cache.set(text, value);
    }
    return value;
  }
}

/**
 * The pairs to store as links, each with its `status` ('auto' or 'ambiguous'), given the pairs of
 * same territory and last name (those a moderator decided are left out) and the confirmed links
 * whose candidacy is in scope (they exclude their competitors, even when the names no longer match).
 */
function decideLinks(pairRows: PairRow[], confirmed: Pair[], norm: Normalizer, electionId?: string): Pair[] {
  const pairs: Pair[] = [...confirmed];
  for (const r of pairRows) {
    if (r.status && DECIDED.has(r.status)) continue;
    const score = scoreNormalized(norm.of(r.m_first), r.m_birth, norm.of(r.c_first), r.c_birth);
    if (!score) continue;
    pairs.push({
      mandateId: r.mandate_id,
      mandate: r.mandate,
      candidacyId: r.candidacy_id,
      electionId: electionId ?? r.election_id ?? '',
      confidence: score.confidence,
      method: score.method,
      row: r,
      confirmed: false,
    });
  }
  return decidePairs(pairs);
}

/** Mandates matched together: those of some communes, or of some circonscriptions. */
interface Unit {
  communes?: string[];
  circonscriptions?: string[];
}

interface Context {
  db: Db;
  scope: MatchScope;
  communeKinds: string[];
  circonscriptionKinds: string[];
  summary: MatchSummary;
  at: string;
  norm: Normalizer;
  /** Elections whose ballots are looked at, for commune mandates and for députés. */
  elections: { commune: string[]; circonscription: string[] };
  /** Sector ballot ids (Paris, Lyon, Marseille) by `{election}|{commune}`. */
  sectorBallots: Map<string, string[]>;
  inserts: Value[][];
  insertMany?: InsertMany;
}

/** How matchMandates writes in bulk, inside an import's write session. */
export interface BulkWrites {
  insertMany: InsertMany;
  /** To build the links' indexes once when the table is empty (first run). */
  dialect: Dialect;
}

/** Territories given to matchMandates are matched this many at a time. */
const UNIT_SIZE = 200;
/** From this many units (4,000 communes), PostgreSQL's statistics are refreshed first. */
const ANALYZE_FROM_UNITS = 20;

/**
 * Matches the current mandates in scope with the candidacies of their territory and stores the
 * result (inserts, updates and removals of 'auto' / 'ambiguous' links; decided links untouched).
 * Run it inside the import's transaction (pass the write session's bulk insert), or on its own:
 * it is idempotent.
 */
export async function matchMandates(db: Db, scope: MatchScope = {}, bulk?: BulkWrites): Promise<MatchSummary> {
  const phase = phaseTimer();
  const summary: MatchSummary = { created: 0, updated: 0, unchanged: 0, deleted: 0, auto: 0, ambiguous: 0 };
  let kinds = (scope.mandateKinds ?? MATCHED_MANDATES).filter((k) => MATCHED_MANDATES.includes(k));
  let electionKind = '';
  if (scope.electionId) {
    const election = await db
      .selectFrom('elections')
      .select('kind')
      .where('id', '=', scope.electionId)
      .executeTakeFirst();
    electionKind = election?.kind ?? '';
    const ofElection =
      electionKind === 'municipales'
        ? COMMUNE_MANDATES
        : electionKind === 'legislatives'
          ? CIRCONSCRIPTION_MANDATES
          : [];
    kinds = kinds.filter((k) => ofElection.includes(k));
  }
  const communeKinds = kinds.filter((k) => COMMUNE_MANDATES.includes(k));
  const circonscriptionKinds = kinds.filter((k) => CIRCONSCRIPTION_MANDATES.includes(k));
  // Territories matched: those given, else every one with a current mandate of these kinds.
  let communes: string[] = [];
  let circonscriptions: string[] = [];
  if (scope.territories) {
    if (communeKinds.length) communes = [...new Set(scope.territories.communes ?? [])].sort();
    if (circonscriptionKinds.length) circonscriptions = [...new Set(scope.territories.circonscriptions ?? [])].sort();
  } else {
    if (communeKinds.length) {
      const rows = await db
        .selectFrom('mandates')
        .select('commune_code')
        .distinct()
        .where('mandate', 'in', communeKinds)
        .where('current', '=', 1)
        .where('commune_code', 'is not', null)
        .execute();
      communes = rows.map((r) => r.commune_code as string).sort();
    }
    if (circonscriptionKinds.length) {
      const rows = await db
        .selectFrom('mandates')
        .select('territory_code')
        .distinct()
        .where('mandate', 'in', circonscriptionKinds)
        .where('current', '=', 1)
        .execute();
      circonscriptions = rows.map((r) => r.territory_code).sort();
    }
  }
  // A few hundred territories at a time: every group of competing links lies within one.
  let units: Unit[] = [
    ...chunks(communes, UNIT_SIZE).map((group) => ({ communes: group })),
    ...chunks(circonscriptions, UNIT_SIZE).map((group) => ({ circonscriptions: group })),
  ];
  if (units.length === 0) return summary;
  // No link stored yet (first run): the pairs carry none and there are no others to look for.
  const noLinks = !(await db.selectFrom('mandate_matches').select('mandate_id').limit(1).executeTakeFirst());
  // Elections with ballots (none yet: nothing to match, e.g. an RNE file loaded before any candidate).
  const withBallots = new Set(
    (await db.selectFrom('ballots').select('election_id').distinct().execute()).map((b) => b.election_id),
  );
  const elections = (
    scope.electionId
      ? [{ id: scope.electionId, kind: electionKind }]
      : await db.selectFrom('elections').select(['id', 'kind']).execute()
  ).filter((e) => withBallots.has(e.id));
  if (!elections.some((e) => e.kind === 'municipales')) units = units.filter((u) => !u.communes);
  if (!elections.some((e) => e.kind === 'legislatives')) units = units.filter((u) => !u.circonscriptions);
  if (units.length === 0) return summary;
  const sectorBallots = new Map<string, string[]>();
  let sectors = db
    .selectFrom('ballots')
    .select(['id', 'election_id', 'territory_code'])
    .where('territory_kind', '=', 'secteur');
  if (scope.electionId) sectors = sectors.where('election_id', '=', scope.electionId);
  for (const b of await sectors.execute()) {
    const key = `${b.election_id}|${b.territory_code.slice(0, 5)}`;
    sectorBallots.set(key, [...(sectorBallots.get(key) ?? []), b.id]);
  }
  const context: Context = {
    db,
    scope,
    communeKinds,
    circonscriptionKinds,
    summary,
    at: nowIso(),
    norm: new Normalizer(),
    elections: {
      commune: elections.filter((e) => e.kind === 'municipales').map((e) => e.id),
      circonscription: elections.filter((e) => e.kind === 'legislatives').map((e) => e.id),
    },
    sectorBallots,
    inserts: [],
    insertMany: bulk?.insertMany,
  };
  // A large run usually follows a bulk load: PostgreSQL plans with the statistics of the tables as
  // they were before it (an empty candidacies table: every pair query scanned them all) unless
  // they are refreshed. ANALYZE samples a few thousand rows; it sees this transaction's own rows.
  if (bulk?.dialect === 'postgres' && units.length >= ANALYZE_FROM_UNITS) {
    await sql`analyze mandates, candidacies, mandate_matches`.execute(db);
  }
  // Each pairs query probes a few thousand index entries: PostgreSQL's parallel workers (started
  // per query) cost more than they save, and take the other core from the importing process. Nor
  // is it worth compiling (JIT): the planner's estimates of a unit's pairs query passed
  // jit_above_cost, and compiling took ~60 ms of a 170 ms query (EXPLAIN ANALYZE), every unit.
  if (bulk?.dialect === 'postgres') {
    await sql`set local max_parallel_workers_per_gather = 0`.execute(db);
    await sql`set local jit = off`.execute(db);
  }
  // On a first run the links' indexes are built once at the end, not maintained row by row.
  const restoreIndexes =
    bulk && noLinks
      ? await dropSecondaryIndexes(db, bulk.dialect, 'mandate_matches', { validateForeignKeys: false })
      : async () => {};
  phase.add('setup');
  if (noLinks) {
    // First run (no link stored at all): the database pairs, scores and stores; only the pairs
    // that compete come back here (rne-matching.first-run.ts).
    const countGroups = countsGroupsInSql(db);
    const inserted = await onOneConnection(db, async (conn) => {
      const dropFirstNames = await createFirstNameKeys(conn, kinds);
      const run = { ...context, db: conn };
      let n = 0;
      for (const unit of units) n += await insertUnitPairs(run, unit, countGroups);
      await dropFirstNames();
      return n;
    });
    phase.add('pairs');
    await restoreIndexes();
    phase.add('indexes');
    summary.created = inserted - (await decideCompeting(db, countGroups));
    phase.add('decide');
    // The links table holds only this run's links, 'auto' or 'ambiguous' (partial index).
    const { n } = await db
      .selectFrom('mandate_matches')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'ambiguous')
      .executeTakeFirstOrThrow();
    summary.ambiguous = toCount(n);
    summary.auto = summary.created - summary.ambiguous;
    phase.add('count');
    phase.report();
    return summary;
  }
  // Unit by unit, each query awaited before the next: on PostgreSQL they share the write session's
  // one client, which must not be handed a query while it runs another (deprecated by pg 8, refused
  // by pg 9).
  for (const unit of units) {
    // No link stored for the unit's mandates: the pairs carry none and there are no others.
    const fresh = await isFresh(context, unit);
    const pairs = await pairsOf(context, unit, fresh);
    const others = fresh ? [] : await otherLinksOf(context, unit);
    phase.add('pairs');
    await reconcile(context, pairs, others, fresh);
    phase.add('decide');
    if (context.inserts.length >= INSERT_BATCH) await flushInserts(context);
    phase.add('insert');
  }
  await flushInserts(context);
  phase.add('insert');
  await restoreIndexes();
  phase.add('indexes');
  phase.report();
  return summary;
}

/** PACTE_IMPORT_TIMINGS=1: time (wall and CPU) spent per step of the matching, summed over units, on stderr. */
function phaseTimer() {
  const on = process.env.PACTE_IMPORT_TIMINGS === '1';
  const totals = new Map<string, { wall: number; cpu: number }>();
  let last = performance.now();
  let lastCpu = on ? process.cpuUsage() : { user: 0, system: 0 };
  return {
    add(name: string) {
      if (!on) return;
      const now = performance.now();
      const cpu = process.cpuUsage();
      const total = totals.get(name) ?? { wall: 0, cpu: 0 };
      total.wall += now - last;
      total.cpu += (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      totals.set(name, total);
      last = now;
      lastCpu = cpu;
    },
    report() {
      if (!on) return;
      const parts = [...totals].map(
        ([name, t]) => `${name} ${(t.wall / 1000).toFixed(2)} s (CPU ${(t.cpu / 1000).toFixed(2)} s)`,
      );
      process.stderr.write(`matching: ${parts.join(', ')}\n`);
    },
  };
}

type PairTables = { m: Database['mandates']; c: Database['candidacies'] };

/** The mandates of a unit, of these kinds: `m` in a query. */
function inUnit<QB extends SelectQueryBuilder<Database & { m: Database['mandates'] }, 'm', object>>(
  query: QB,
  unit: Unit,
  kinds: string[],
): QB {
  let q = query.where('m.current', '=', 1).where('m.mandate', 'in', kinds);
  if (unit.communes) q = q.where('m.commune_code', 'in', unit.communes);
  if (unit.circonscriptions) q = q.where('m.territory_code', 'in', unit.circonscriptions);
  return q as QB;
}

/** Pairs (mandate, candidacy) of a unit with the same territory and normalised last name. */
async function pairsOf(context: Context, unit: Unit, fresh: boolean): Promise<PairRow[]> {
  const { db, scope } = context;
  const columns = [
    'm.id as mandate_id',
    'm.mandate',
    'm.first_name as m_first',
    'm.birth_date as m_birth',
    'c.id as candidacy_id',
    'c.person_id',
    'c.first_name as c_first',
    'c.birth_date as c_birth',
  ] as const;
  const linkColumns = [
    'mm.status',
    'mm.person_id as mm_person',
    'mm.confidence as mm_confidence',
    'mm.method as mm_method',
  ] as const;
  const rows: PairRow[] = [];
  /**
   * Mandates of the unit (first), then the candidacies of a ballot by (ballot, last name) — one
   * index probe each. A cross join with the conditions in WHERE keeps that order on SQLite, which
   * otherwise started from the ballots; PostgreSQL plans freely.
   */
  const run = async (
    kinds: string[],
    electionId: string,
    candidacies: (query: SelectQueryBuilder<Database & PairTables, 'm' | 'c', object>) => typeof query,
  ) => {
    let query = candidacies(
      db
        .selectFrom('mandates as m')
        .crossJoin('candidacies as c')
        .select(columns)
        .whereRef('c.name_key', '=', 'm.name_key'),
    );
    query = inUnit(query, unit, kinds);
    if (!scope.electionId) query = query.select(sql<string>`${electionId}`.as('election_id'));
    const found = fresh
      ? await query.execute()
      : await query
          .leftJoin('mandate_matches as mm', (join) =>
            join.onRef('mm.mandate_id', '=', 'm.id').onRef('mm.candidacy_id', '=', 'c.id'),
          )
          .select(linkColumns)
          .execute();
    rows.push(...(found as PairRow[]));
  };
  if (unit.communes && context.communeKinds.length) {
    for (const electionId of context.elections.commune) {
      // The ballot of a commune has a stable id (elections.service: ballotId): no join to ballots.
      const prefix = ballotId(electionId, '');
      await run(context.communeKinds, electionId, (q) =>
        q.where('c.ballot_id', '=', sql<string>`${prefix} || ${sql.ref('m.commune_code')}`),
      );
      for (const commune of unit.communes) {
        const sectors = context.sectorBallots.get(`${electionId}|${commune}`);
        if (!sectors) continue;
        await run(context.communeKinds, electionId, (q) =>
          q.where('c.ballot_id', 'in', sectors).where('m.commune_code', '=', commune),
        );
      }
    }
  }
  if (unit.circonscriptions && context.circonscriptionKinds.length) {
    for (const electionId of context.elections.circonscription) {
      const prefix = ballotId(electionId, '');
      await run(context.circonscriptionKinds, electionId, (q) =>
        q.where('c.ballot_id', '=', sql<string>`${prefix} || ${sql.ref('m.territory_code')}`),
      );
    }
  }
  return rows;
}

/** True when no link of the unit's mandates (of the kinds in scope) is stored. */
async function isFresh({ db, communeKinds, circonscriptionKinds }: Context, unit: Unit): Promise<boolean> {
  const query = db
    .selectFrom('mandates as m')
    .innerJoin('mandate_matches as mm', 'mm.mandate_id', 'm.id')
    .select('m.id');
  const found = await inUnit(query, unit, unit.communes ? communeKinds : circonscriptionKinds)
    .limit(1)
    .executeTakeFirst();
  return !found;
}

/**
 * The other stored links of the current mandates of a unit: those the pairs do not carry because
 * their candidacy is gone, or no longer has the mandate's last name. Links to candidacies of
 * another election than the one matched are left alone (not returned).
 */
async function otherLinksOf({ db, scope, communeKinds, circonscriptionKinds }: Context, unit: Unit) {
  const kinds = unit.communes ? communeKinds : circonscriptionKinds;
  const electionId = scope.electionId;
  const query = db
    .selectFrom('mandates as m')
    .innerJoin('mandate_matches as mm', 'mm.mandate_id', 'm.id')
    .leftJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
    .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
    .select([
      'mm.mandate_id',
      'mm.candidacy_id',
      'mm.person_id',
      'mm.status',
      'c.id as c_id',
      'c.person_id as c_person',
    ])
    .where((eb) =>
      eb.or([
        eb('c.id', 'is', null),
        eb.and([
          eb(eb.ref('c.name_key'), 'is distinct from', eb.ref('m.name_key')),
          ...(electionId ? [eb('b.election_id', '=', electionId)] : []),
        ]),
      ]),
    );
  return (await inUnit(query, unit, kinds).execute()) as LinkRow[];
}

async function reconcile(context: Context, pairRows: PairRow[], others: LinkRow[], fresh: boolean) {
  const { db, scope, summary, at } = context;
  const audits: { action: string; id: string; before: unknown; after: unknown }[] = [];
  const deletions: { mandate_id: string; candidacy_id: string }[] = [];
  // Decided links are kept as they are; their person follows the candidacy's (person merges).
  const followPerson = async (mandateId: string, candidacyId: string, before: string, after: string) => {
    if (before === after) return;
    await db
      .updateTable('mandate_matches')
      .set({ person_id: after })
      .where('mandate_id', '=', mandateId)
      .where('candidacy_id', '=', candidacyId)
      .execute();
    audits.push({
      action: 'update',
      id: matchEntityId(mandateId, candidacyId),
      before: { person_id: before },
      after: { person_id: after },
    });
    summary.updated++;
  };
  const confirmed: Pair[] = [];
  for (const r of pairRows) {
    if (r.status !== 'confirmed') continue;
    confirmed.push({
      mandateId: r.mandate_id,
      mandate: r.mandate,
      candidacyId: r.candidacy_id,
      electionId: scope.electionId ?? r.election_id ?? '',
      confidence: r.mm_confidence as number,
      method: r.mm_method as string,
      row: null,
      confirmed: true,
    });
  }
  // Links the pairs do not carry: their candidacy was deleted (removed) or no longer has the
  // mandate's last name (removed unless decided; a confirmed one still excludes its competitors).
  const confirmedElsewhere = others.filter((o) => o.status === 'confirmed' && o.c_id !== null);
  for (const group of chunks(confirmedElsewhere, 500)) {
    const details = await db
      .selectFrom('mandate_matches as mm')
      .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
      .innerJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
      .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
      .select(['mm.mandate_id', 'mm.candidacy_id', 'mm.confidence', 'mm.method', 'm.mandate', 'b.election_id'])
      // `mandate_id in` first: SQLite searches a list of row values by scanning the whole table.
      .where('mm.mandate_id', 'in', [...new Set(group.map((l) => l.mandate_id))])
      .where((eb) =>
        eb(
          eb.refTuple('mm.mandate_id', 'mm.candidacy_id'),
          'in',
          group.map((l) => eb.tuple(l.mandate_id, l.candidacy_id)),
        ),
      )
      .execute();
    for (const d of details) {
      confirmed.push({
        mandateId: d.mandate_id,
        mandate: d.mandate,
        candidacyId: d.candidacy_id,
        electionId: d.election_id,
        confidence: d.confidence,
        method: d.method,
        row: null,
        confirmed: true,
      });
    }
  }
  for (const o of others) {
    if (o.c_id === null || !DECIDED.has(o.status)) deletions.push(o);
    else await followPerson(o.mandate_id, o.candidacy_id, o.person_id, o.c_person as string);
  }
  const wanted = new Set<PairRow>();
  for (const p of decideLinks(pairRows, confirmed, context.norm, scope.electionId)) {
    const r = p.row as PairRow;
    const status = p.status as string;
    if (status === 'auto') summary.auto++;
    else summary.ambiguous++;
    if (!r.status) {
      context.inserts.push([r.mandate_id, r.candidacy_id, r.person_id, p.confidence, p.method, status, null, null, at]);
      summary.created++;
      continue;
    }
    wanted.add(r);
    if (
      r.mm_person === r.person_id &&
      r.mm_confidence === p.confidence &&
      r.mm_method === p.method &&
      r.status === status
    ) {
      summary.unchanged++;
      continue;
    }
    const stored = { person_id: r.mm_person, confidence: r.mm_confidence, method: r.mm_method, status: r.status };
    const want = { person_id: r.person_id, confidence: p.confidence, method: p.method, status };
    const fields = (['person_id', 'confidence', 'method', 'status'] as const).filter((f) => stored[f] !== want[f]);
    const set = Object.fromEntries(fields.map((f) => [f, want[f]]));
    await db
      .updateTable('mandate_matches')
      .set(set)
      .where('mandate_id', '=', r.mandate_id)
      .where('candidacy_id', '=', r.candidacy_id)
      .execute();
    audits.push({
      action: 'update',
      id: matchEntityId(r.mandate_id, r.candidacy_id),
      before: Object.fromEntries(fields.map((f) => [f, stored[f]])),
      after: set,
    });
    summary.updated++;
  }
  // Stored links of pairs no longer wanted: removed, unless a moderator decided them.
  if (!fresh) {
    for (const r of pairRows) {
      if (!r.status || wanted.has(r)) continue;
      if (DECIDED.has(r.status)) await followPerson(r.mandate_id, r.candidacy_id, r.mm_person as string, r.person_id);
      else deletions.push(r);
    }
  }
  for (const group of chunks(deletions, 500)) {
    // `mandate_id in` first: SQLite searches a list of row values by scanning the whole table.
    const inGroup = (eb: ExpressionBuilder<Database, 'mandate_matches'>) =>
      eb.and([
        eb('mandate_id', 'in', [...new Set(group.map((l) => l.mandate_id))]),
        eb(
          eb.refTuple('mandate_id', 'candidacy_id'),
          'in',
          group.map((l) => eb.tuple(l.mandate_id, l.candidacy_id)),
        ),
      ]);
    const rows = await db.selectFrom('mandate_matches').selectAll().where(inGroup).execute();
    await db.deleteFrom('mandate_matches').where(inGroup).execute();
    for (const row of rows) {
      audits.push({ action: 'delete', id: matchEntityId(row.mandate_id, row.candidacy_id), before: row, after: null });
    }
    summary.deleted += rows.length;
  }
  await writeAudit(db, scope.actor ?? 'matching', scope.importId ?? null, audits);
}

async function flushInserts(context: Context) {
  const rows = context.inserts;
  context.inserts = [];
  if (rows.length === 0) return;
  if (context.insertMany) {
    await context.insertMany('mandate_matches', MATCH_COLUMNS, rows);
    return;
  }
  for (const group of chunks(rows, 1000)) {
    await context.db
      .insertInto('mandate_matches')
      .values(group.map((r) => Object.fromEntries(MATCH_COLUMNS.map((c, i) => [c, r[i]])) as MatchRow))
      .execute();
  }
}

/** Audit entity id of a link: `{mandate id}|{candidacy id}`. */
export function matchEntityId(mandateId: string, candidacyId: string): string {
  return `${mandateId}|${candidacyId}`;
}

async function writeAudit(
  db: Db,
  actor: string,
  importId: string | null,
  entries: { action: string; id: string; before: unknown; after: unknown }[],
) {
  const at = nowIso();
  for (const group of chunks(entries, 1000)) {
    await db
      .insertInto('audit_log')
      .values(
        group.map((e) => ({
          id: newId(),
          at,
          actor,
          action: e.action,
          entity_type: 'mandate_match',
          entity_id: e.id,
          before: e.before === null ? null : JSON.stringify(e.before),
          after: e.after === null ? null : JSON.stringify(e.after),
          import_id: importId,
        })),
      )
      .execute();
  }
}

// ————————————————————————————————————————————————————————————————————————————————
// For moderators (the moderation UI in src/moderation/ calls these).

export interface AmbiguousMatch {
  mandateId: string;
  /** 'maire', 'conseiller-municipal', 'conseiller-communautaire', 'depute'. */
  mandate: string;
  territoryKind: string;
  territoryCode: string;
  /** The commune's name for commune mandates, else the name the RNE gives the territory. */
  territoryName: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  mandateStart: string | null;
  functionLabel: string | null;
  candidacyId: string;
  personId: string;
  candidacyLastName: string;
  candidacyFirstName: string;
  candidacyBirthDate: string | null;
  ballotId: string;
  ballotName: string;
  electionId: string;
  listName: string | null;
  position: number | null;
  confidence: number;
  method: string;
}

/**
 * The links waiting for a moderator (status 'ambiguous', mandate still current), one row per
 * possible candidacy, grouped by mandate (same mandateId in a row), best confidence first.
 * `total` counts them all, for paging.
 */
export async function listAmbiguousMatches(
  db: Db,
  { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {},
): Promise<{ total: number; items: AmbiguousMatch[] }> {
  const base = db
    .selectFrom('mandate_matches as mm')
    .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
    .innerJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .where('mm.status', '=', 'ambiguous')
    .where('m.current', '=', 1);
  const [{ n }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    base
      .leftJoin('communes as co', 'co.insee', 'm.commune_code')
      .leftJoin('lists as l', 'l.id', 'c.list_id')
      .select([
        'm.id as mandateId',
        'm.mandate',
        'm.territory_kind as territoryKind',
        'm.territory_code as territoryCode',
        'co.name as communeName',
        'm.territory_name as rneTerritoryName',
        'm.last_name as lastName',
        'm.first_name as firstName',
        'm.birth_date as birthDate',
        'm.mandate_start as mandateStart',
        'm.function_label as functionLabel',
        'c.id as candidacyId',
        'mm.person_id as personId',
        'c.last_name as candidacyLastName',
        'c.first_name as candidacyFirstName',
        'c.birth_date as candidacyBirthDate',
        'b.id as ballotId',
        'b.name as ballotName',
        'b.election_id as electionId',
        'l.name as listName',
        'c.position',
        'mm.confidence',
        'mm.method',
      ])
      .orderBy('m.departement_code')
      .orderBy('m.territory_code')
      .orderBy('m.id')
      .orderBy('mm.confidence', 'desc')
      .orderBy('c.id')
      .limit(limit)
      .offset(offset)
      .execute(),
  ]);
  return {
    total: toCount(n),
    items: rows.map(({ communeName, rneTerritoryName, ...r }) => ({
      ...r,
      territoryName: communeName ?? rneTerritoryName,
      confidence: Number(r.confidence),
    })),
  };
}

/** A decision refused: unknown link, or a decision other than confirmed/rejected. */
export class MatchDecisionError extends Error {}

/**
 * A moderator's decision on one link (audited, with the actor). Confirming a link rejects the
 * other undecided links it competed with (same mandate in the same election, or same candidacy
 * for the same kind of mandate): one person stands once per election. A decision is final for
 * the matching runs; calling decideMatch again changes it.
 */
export async function decideMatch(
  db: Db,
  {
    mandateId,
    candidacyId,
    decision,
    actor,
  }: { mandateId: string; candidacyId: string; decision: 'confirmed' | 'rejected'; actor: string },
): Promise<{ status: MatchStatus; alsoRejected: number }> {
  if (decision !== 'confirmed' && decision !== 'rejected') {
    throw new MatchDecisionError(`décision invalide : « ${String(decision)} » (attendu confirmed ou rejected)`);
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('mandate_matches as mm')
      .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
      .leftJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
      .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
      .select(['mm.status', 'mm.decided_by', 'm.mandate', 'b.election_id'])
      .where('mm.mandate_id', '=', mandateId)
      .where('mm.candidacy_id', '=', candidacyId)
      .executeTakeFirst();
    if (!row) throw new MatchDecisionError('rapprochement introuvable');
    const at = nowIso();
    const audits: { action: string; id: string; before: unknown; after: unknown }[] = [];
    await trx
      .updateTable('mandate_matches')
      .set({ status: decision, decided_by: actor, decided_at: at })
      .where('mandate_id', '=', mandateId)
      .where('candidacy_id', '=', candidacyId)
      .execute();
    audits.push({
      action: 'update',
      id: matchEntityId(mandateId, candidacyId),
      before: { status: row.status, decided_by: row.decided_by },
      after: { status: decision, decided_by: actor },
    });
    let alsoRejected = 0;
    if (decision === 'confirmed') {
      const competitors = await trx
        .selectFrom('mandate_matches as mm')
        .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
        .leftJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
        .leftJoin('ballots as b', 'b.id', 'c.ballot_id')
        .select(['mm.mandate_id', 'mm.candidacy_id', 'mm.status'])
        .where('mm.status', 'in', ['auto', 'ambiguous'])
        .where((eb) =>
          eb.or([
            eb.and([eb('mm.mandate_id', '=', mandateId), eb('b.election_id', '=', row.election_id ?? '')]),
            eb.and([eb('mm.candidacy_id', '=', candidacyId), eb('m.mandate', '=', row.mandate)]),
          ]),
        )
        .execute();
      for (const other of competitors) {
        if (other.mandate_id === mandateId && other.candidacy_id === candidacyId) continue;
        await trx
          .updateTable('mandate_matches')
          .set({ status: 'rejected', decided_by: actor, decided_at: at })
          .where('mandate_id', '=', other.mandate_id)
          .where('candidacy_id', '=', other.candidacy_id)
          .execute();
        audits.push({
          action: 'update',
          id: matchEntityId(other.mandate_id, other.candidacy_id),
          before: { status: other.status },
          after: { status: 'rejected', decided_by: actor },
        });
        alsoRejected++;
      }
    }
    await writeAudit(trx, actor, null, audits);
    return { status: decision, alsoRejected };
  });
}
