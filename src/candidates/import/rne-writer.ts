import { sql } from 'kysely';
import type { Db, Dialect } from '../../db/connection.ts';
import { newId } from '../../db/ids.ts';
import { normalizeSearch, nowIso, toCount } from '../../db/portability.ts';
import type { Database } from '../../db/schema.ts';
import type { ElectedRecord, RejectedRow } from './records.ts';
import { DepartementFingerprints } from './rne-fingerprints.ts';
import { SeenKeys } from './seen-keys.ts';

type MandateRow = Database['mandates'];
type Value = string | number | null;

export interface MandateCounts {
  created: number;
  updated: number;
  unchanged: number;
  /**
   * Holders missing from the file: kept with current = 0 (no longer in office). Only in the
   * départements the file covers: a one-département extract ends nothing elsewhere.
   */
  ended: number;
}

/** Communes (INSEE → name) and départements known to the database, to validate rows. */
export interface MandateTerritories {
  communes: Map<string, string>;
  departements: Set<string>;
}

/** Rows are built as arrays in this column order (no per-row objects on the hot path). */
const MANDATE_COLUMNS = [
  'id',
  'mandate',
  'territory_kind',
  'territory_code',
  'territory_name',
  'departement_code',
  'commune_code',
  'last_name',
  'first_name',
  'sex',
  'birth_date',
  'mandate_start',
  'function_label',
  'function_start',
  'search',
  'name_key',
  'import_id',
  'current',
  'created_at',
  'ended_at',
] as const satisfies readonly (keyof MandateRow)[];
const COLUMN = Object.fromEntries(MANDATE_COLUMNS.map((c, i) => [c, i])) as Record<
  (typeof MANDATE_COLUMNS)[number],
  number
>;

/** Fields a newer file may change on a known mandate (the others make up its id). */
const MANDATE_FIELDS = [
  'territory_name',
  'departement_code',
  'commune_code',
  'last_name',
  'first_name',
  'sex',
  'mandate_start',
  'function_label',
  'function_start',
  'current',
  'ended_at',
] as const satisfies readonly (keyof MandateRow)[];
/** Derived from the fields above: written along with them, never compared nor audited on their own. */
const DERIVED_FIELDS = ['search', 'name_key'] as const;

const IN_CHUNK = 900;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Stable mandate id: `{mandate}:{territory}:{normalised name}:{birth date}`, e.g.
 * `maire:01001:evalet-taponat-line:1967-07-22`. The same holder of the same mandate keeps it from
 * one RNE snapshot to the next, whatever the case or accents of the name.
 */
export function mandateId(
  r: Pick<ElectedRecord, 'mandate' | 'territoryCode' | 'lastName' | 'firstName' | 'birthDate'>,
) {
  return idOf(r.mandate, r.territoryCode, normalizeSearch(`${r.lastName} ${r.firstName}`), r.birthDate);
}

function idOf(mandate: string, territoryCode: string, search: string, birthDate: string | null): string {
  return `${mandate}:${territoryCode}:${search.replace(/ /g, '-')}:${birthDate ?? ''}`;
}

/**
 * Circonscription ids as the candidate files write them: Français de l'étranger `99-NN` (RNE may
 * write `ZZ`), Saint-Barthélemy and Saint-Martin share `977-01` (the Ministère's `ZX`).
 */
function candidateCirconscription(code: string): string {
  const [departement = '', number = ''] = code.split('-');
  if (departement === 'ZZ') return `99-${number}`;
  if (departement === '978') return `977-${number}`;
  return code;
}

/** The territory and département codes a mandate is stored with. */
function territoryOf(r: ElectedRecord): { territoryCode: string; departementCode: string } {
  const territoryCode =
    r.territoryKind === 'circonscription'
      ? candidateCirconscription(r.territoryCode)
      : r.territoryKind === 'departement' && r.territoryCode === 'ZZ'
        ? '99'
        : r.territoryCode;
  const departementCode =
    r.territoryKind === 'circonscription' || r.territoryKind === 'departement'
      ? (territoryCode.split('-')[0] ?? r.departementCode)
      : r.departementCode;
  return { territoryCode, departementCode };
}

/** The département a record's mandate is stored under (fingerprints are kept per département). */
export function recordDepartement(r: ElectedRecord): string {
  return territoryOf(r).departementCode;
}

function rawOf(r: ElectedRecord): string {
  return [r.territoryCode, r.territoryName ?? '', r.lastName, r.firstName, r.birthDate ?? ''].join(' | ');
}

/** Bulk insert of the write session (multi-row statements on SQLite, COPY on PostgreSQL). */
export type BulkInsert = (table: string, columns: readonly string[], rows: Value[][]) => Promise<void>;

/** Rows of a batch to compare with stored mandates go through this temporary table. */
const STAGING = 'rne_staging';
/** Rows compared at a time (PostgreSQL: one staging table's worth, a few statements each). */
const COMPARE_BATCH = 10_000;
const differs = (table: string) =>
  sql.join(
    MANDATE_FIELDS.map((f) => sql`s.${sql.ref(f)} is distinct from ${sql.ref(`${table}.${f}`)}`),
    sql` or `,
  );

/**
 * Writes the records of one RNE file batch by batch. Rows of départements where no mandate of this
 * kind is stored yet are new: bulk-inserted without any comparison (a first load is a plain bulk
 * load). Elsewhere the batch is compared with what is stored inside the database (through a
 * temporary table: only changed rows come back): new mandates inserted, changed ones updated
 * (audited with before/after and the import id), identical ones left alone. At the end, the
 * current holders of this mandate that the file no longer lists get `current = 0` (audited, never
 * deleted) — only in the départements the file covers: a file speaks for its territories, a
 * one-département extract ends nothing elsewhere. A former holder listed again becomes current again.
 */
export class RneWriter {
  readonly counts: MandateCounts = { created: 0, updated: 0, unchanged: 0, ended: 0 };
  /** Valid rows of the file per département: where holders missing from the file are ended. */
  private readonly rowsByDepartement = new Map<string, number>();
  /** Mandate ids of the file (without the `{mandate}:` prefix) → line where each first appeared. */
  private readonly seen = new SeenKeys();
  private readonly prefixLength: number;
  /** Départements with mandates of this kind stored before the import (rows there are compared). */
  private stored: Set<string> | undefined;
  /** Communes (circonscriptions for députés) where a mandate was created, updated or ended. */
  private readonly changed = new Set<string>();
  private staging = false;
  /** The file's fingerprint per département: from a first pass when given, else computed here. */
  readonly prints: DepartementFingerprints;
  private readonly computePrints: boolean;
  /** Départements the file describes exactly as when last imported: left alone. */
  private readonly unchanged: Set<string>;
  /** Rows of départements with stored mandates, waiting to be compared. */
  private toCompare: Value[][] = [];
  private readonly now = nowIso();
  /** Normalised last and first names: they repeat a lot, each is normalised once (bounded). */
  private lastNames = new Map<string, string>();
  private firstNames = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly mandate: ElectedRecord['mandate'],
    private readonly importId: string,
    private readonly territories: MandateTerritories,
    private readonly actor: string,
    private readonly insertMany: BulkInsert,
    private readonly dialect: Dialect,
    fingerprints: { prints: DepartementFingerprints; unchanged: Set<string> } | { salt: string },
  ) {
    this.prefixLength = mandate.length + 1;
    if ('prints' in fingerprints) {
      this.prints = fingerprints.prints;
      this.unchanged = fingerprints.unchanged;
      this.computePrints = false;
    } else {
      this.prints = new DepartementFingerprints(fingerprints.salt);
      this.unchanged = new Set();
      this.computePrints = true;
    }
  }

  /** Where mandates changed: the matching with candidacies runs there. */
  changedTerritories(): { communes: string[]; circonscriptions: string[] } {
    const territories = [...this.changed];
    return this.mandate === 'depute'
      ? { communes: [], circonscriptions: territories }
      : { communes: territories, circonscriptions: [] };
  }

  private markChanged(communeCode: Value | undefined, territoryCode: Value | undefined) {
    const territory = this.mandate === 'depute' ? territoryCode : communeCode;
    if (typeof territory === 'string') this.changed.add(territory);
  }

  /** Départements the file covers (those of its valid rows), sorted. */
  get departements(): string[] {
    return [...this.rowsByDepartement.keys()].sort();
  }

  /** Validates and writes one batch; returns the rows rejected here (unknown territory, duplicates). */
  async writeBatch(records: ElectedRecord[]): Promise<RejectedRow[]> {
    this.stored ??= new Set(
      (
        await this.db
          .selectFrom('mandates')
          .select('departement_code')
          .distinct()
          .where('mandate', '=', this.mandate)
          .execute()
      ).map((r) => r.departement_code),
    );
    const rejected: RejectedRow[] = [];
    const inserts: Value[][] = [];
    const toCompare: Value[][] = [];
    for (const record of records) {
      if (this.computePrints) this.prints.add(recordDepartement(record), record);
      const problem = this.territoryProblem(record);
      if (problem) {
        rejected.push({ line: record.line, reason: problem, raw: rawOf(record) });
        continue;
      }
      const row = this.rowOf(record);
      const first = this.seen.add((row[COLUMN.id] as string).slice(this.prefixLength), record.line);
      if (first !== undefined) {
        rejected.push({
          line: record.line,
          reason: `ligne en double : même élu et même mandat que la ligne ${first}`,
          raw: rawOf(record),
        });
        continue;
      }
      const departement = row[COLUMN.departement_code] as string;
      this.rowsByDepartement.set(departement, (this.rowsByDepartement.get(departement) ?? 0) + 1);
      if (this.unchanged.has(departement)) this.counts.unchanged++;
      else if (this.stored.has(departement)) toCompare.push(row);
      else inserts.push(row);
    }
    if (inserts.length) {
      for (const row of inserts) this.markChanged(row[COLUMN.commune_code], row[COLUMN.territory_code]);
      await this.insertMany('mandates', MANDATE_COLUMNS, inserts);
      this.counts.created += inserts.length;
    }
    // Gathered across write batches: a few statements per COMPARE_BATCH rows, not per batch.
    for (const row of toCompare) this.toCompare.push(row);
    if (this.toCompare.length >= COMPARE_BATCH) await this.compareGathered();
    return rejected;
  }

  private async compareGathered() {
    const rows = this.toCompare;
    this.toCompare = [];
    await this.compare(rows);
  }

  /**
   * Ends the current mandates of this kind, in the départements the file covers, that the file no
   * longer lists. A file without a single valid row ends nothing: it is a broken file, not the news
   * that every holder left office. Every row of the file is current once written, so a département
   * where the current holders are as many as the file's rows has nobody to end (one count).
   */
  async finish(): Promise<void> {
    await this.compareGathered();
    if (this.staging) await sql`drop table ${sql.table(STAGING)}`.execute(this.db);
    if (this.seen.size === 0 || !this.stored) return;
    for (const departement of this.departements) {
      if (!this.stored.has(departement)) continue;
      const inDepartement = this.db
        .selectFrom('mandates')
        .where('mandate', '=', this.mandate)
        .where('departement_code', '=', departement)
        .where('current', '=', 1);
      const { n } = await inDepartement.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      if (toCount(n) === this.rowsByDepartement.get(departement)) continue;
      const current = await inDepartement.select(['id', 'commune_code', 'territory_code']).execute();
      const ended = current.filter((r) => !this.seen.has(r.id.slice(this.prefixLength)));
      for (const r of ended) this.markChanged(r.commune_code, r.territory_code);
      const gone = ended.map((r) => r.id);
      for (const group of chunks(gone, IN_CHUNK)) {
        await this.db
          .updateTable('mandates')
          .set({ current: 0, ended_at: this.now, import_id: this.importId })
          .where('id', 'in', group)
          .execute();
        await this.audit(
          group.map((id) => ({
            id,
            before: { current: 1, ended_at: null },
            after: { current: 0, ended_at: this.now },
          })),
        );
      }
      this.counts.ended += gone.length;
    }
  }

  private territoryProblem(r: ElectedRecord): string | null {
    if (r.communeCode !== null && !this.territories.communes.has(r.communeCode)) {
      return `commune inconnue : code INSEE « ${r.communeCode} »`;
    }
    const departement =
      r.territoryKind === 'circonscription'
        ? (candidateCirconscription(r.territoryCode).split('-')[0] ?? '')
        : r.departementCode;
    const abroad = departement === '99' || departement === 'ZZ';
    const abroadAllowed = r.territoryKind === 'circonscription' || r.territoryKind === 'departement';
    if (!this.territories.departements.has(departement) && !(abroad && abroadAllowed)) {
      return `département inconnu : « ${departement} »`;
    }
    return null;
  }

  private normalized(cache: 'lastNames' | 'firstNames', text: string): string {
    let key = this[cache].get(text);
    if (key === undefined) {
      if (this[cache].size >= 50_000) this[cache] = new Map();
      key = normalizeSearch(text);
      this[cache].set(text, key);
    }
    return key;
  }

  /** The mandate row as values in MANDATE_COLUMNS order. */
  private rowOf(r: ElectedRecord): Value[] {
    const { territoryCode, departementCode } = territoryOf(r);
    const nameKey = this.normalized('lastNames', r.lastName);
    // normalizeSearch(`${last} ${first}`), from the two names normalised apart (cached).
    const firstKey = this.normalized('firstNames', r.firstName);
    const search = nameKey === '' ? firstKey : firstKey === '' ? nameKey : `${nameKey} ${firstKey}`;
    return [
      idOf(r.mandate, territoryCode, search, r.birthDate),
      r.mandate,
      r.territoryKind,
      territoryCode,
      r.territoryName ?? null,
      departementCode,
      r.communeCode,
      r.lastName,
      r.firstName,
      r.sex,
      r.birthDate,
      r.mandateStart,
      r.functionLabel,
      r.functionStart,
      search,
      nameKey,
      this.importId,
      1,
      this.now,
      null,
    ];
  }

  /**
   * Compares rows of départements with stored mandates, in the database: the batch goes to a
   * temporary table, changed mandates come back (for the audit) and are updated in one statement,
   * unknown ones are inserted in one statement. Identical rows never leave the database.
   */
  private async compare(rows: Value[][]) {
    if (rows.length === 0) return;
    if (!this.staging) {
      await sql`create temporary table ${sql.table(STAGING)} as select * from mandates where 1 = 0`.execute(this.db);
      this.staging = true;
    }
    const staging = sql.table(STAGING);
    await this.insertMany(STAGING, MANDATE_COLUMNS, rows);
    // The batch meets the stored mandates by primary key, one probe per row. PostgreSQL would rather
    // hash every mandate (half a million) for each batch: joins other than nested loops are off
    // while comparing.
    const postgres = this.dialect === 'postgres';
    if (postgres) await sql`set local enable_hashjoin = off; set local enable_mergejoin = off`.execute(this.db);
    const pick = (alias: string, prefix: string) =>
      sql.join(MANDATE_FIELDS.map((f) => sql`${sql.ref(`${alias}.${f}`)} as ${sql.ref(`${prefix}${f}`)}`));
    // New and changed mandates in one pass; identical ones never leave the database.
    const found = (
      await sql<Record<string, Value>>`
        select s.id, m.id as old_id, s.territory_code, ${pick('s', 'new_')}, ${pick('m', 'old_')}
        from ${staging} s left join mandates m on m.id = s.id
        where m.id is null or ${differs('m')}`.execute(this.db)
    ).rows;
    const changed = found.filter((row) => row.old_id !== null);
    const created = found.filter((row) => row.old_id === null);
    if (changed.length) {
      const set = sql.join(
        [...MANDATE_FIELDS, ...DERIVED_FIELDS, 'import_id'].map((f) => sql`${sql.ref(f)} = s.${sql.ref(f)}`),
      );
      await sql`
        update mandates set ${set} from ${staging} s
        where s.id = mandates.id and (${differs('mandates')})`.execute(this.db);
      for (const row of changed) {
        this.markChanged(row.new_commune_code, row.territory_code);
        this.markChanged(row.old_commune_code, row.territory_code);
      }
      const audits = changed.map((row) => {
        const fields = MANDATE_FIELDS.filter((f) => row[`old_${f}`] !== row[`new_${f}`]);
        return {
          id: row.id as string,
          before: Object.fromEntries(fields.map((f) => [f, row[`old_${f}`]])),
          after: Object.fromEntries(fields.map((f) => [f, row[`new_${f}`]])),
        };
      });
      await this.audit(audits);
      this.counts.updated += changed.length;
    }
    if (created.length) {
      // Whatever the primary key does not find (one index probe each).
      const columns = sql.join(MANDATE_COLUMNS.map((c) => sql.ref(c)));
      await sql`
        insert into mandates (${columns})
        select ${columns} from ${staging} where true
        on conflict (id) do nothing`.execute(this.db);
      for (const row of created) this.markChanged(row.new_commune_code, row.territory_code);
    }
    this.counts.created += created.length;
    this.counts.unchanged += rows.length - created.length - changed.length;
    if (postgres) await sql`reset enable_hashjoin; reset enable_mergejoin`.execute(this.db);
    // Emptied for the next batch (on PostgreSQL truncated: no dead rows piling up).
    await (postgres ? sql`truncate ${staging}` : sql`delete from ${staging}`).execute(this.db);
  }

  private async audit(entries: { id: string; before: unknown; after: unknown }[]) {
    const at = nowIso();
    for (const group of chunks(entries, 1000)) {
      await this.db
        .insertInto('audit_log')
        .values(
          group.map((e) => ({
            id: newId(),
            at,
            actor: this.actor,
            action: 'update',
            entity_type: 'mandate',
            entity_id: e.id,
            before: JSON.stringify(e.before),
            after: JSON.stringify(e.after),
            import_id: this.importId,
          })),
        )
        .execute();
    }
  }
}
