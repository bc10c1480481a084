import type { Db } from '../../db/connection.ts';
import { newId } from '../../db/ids.ts';
import { normalizeSearch, nowIso } from '../../db/portability.ts';
import type { Database } from '../../db/schema.ts';
import type { ElectedRecord, RejectedRow } from './records.ts';

type MandateRow = Database['mandates'];

export interface MandateCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Holders missing from the file: kept with current = 0 (no longer in office). */
  ended: number;
}

/** Communes (INSEE → name) and départements known to the database, to validate rows. */
export interface MandateTerritories {
  communes: Map<string, string>;
  departements: Set<string>;
}

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

const IN_CHUNK = 900;
const MAX_PARAMS = 30_000;

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
  const name = normalizeSearch(`${r.lastName} ${r.firstName}`).replace(/ /g, '-');
  return `${r.mandate}:${r.territoryCode}:${name}:${r.birthDate ?? ''}`;
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

function rawOf(r: ElectedRecord): string {
  return [r.territoryCode, r.territoryName ?? '', r.lastName, r.firstName, r.birthDate ?? ''].join(' | ');
}

/**
 * Writes the records of one RNE file batch by batch, comparing with what is stored: new mandates
 * are inserted, changed ones updated (audited with before/after and the import id), identical ones
 * left alone. At the end, the current holders of this mandate the file no longer lists get
 * `current = 0` (audited) — never deleted. A former holder listed again becomes current again.
 */
export class RneWriter {
  readonly counts: MandateCounts = { created: 0, updated: 0, unchanged: 0, ended: 0 };
  private readonly seen = new Map<string, number>();
  private readonly now = nowIso();

  constructor(
    private readonly db: Db,
    private readonly mandate: ElectedRecord['mandate'],
    private readonly importId: string,
    private readonly territories: MandateTerritories,
    private readonly actor: string,
    /** Bulk insert of the write session (COPY on PostgreSQL), when there is one. */
    private readonly insertMany?: (
      table: 'mandates',
      columns: readonly string[],
      rows: (string | number | null)[][],
    ) => Promise<void>,
  ) {}

  /** Validates and writes one batch; returns the rows rejected here (unknown territory, duplicates). */
  async writeBatch(records: ElectedRecord[]): Promise<RejectedRow[]> {
    const rejected: RejectedRow[] = [];
    const rows: MandateRow[] = [];
    for (const record of records) {
      const problem = this.territoryProblem(record);
      if (problem) {
        rejected.push({ line: record.line, reason: problem, raw: rawOf(record) });
        continue;
      }
      const row = this.rowOf(record);
      const first = this.seen.get(row.id);
      if (first !== undefined) {
        rejected.push({
          line: record.line,
          reason: `ligne en double : même élu et même mandat que la ligne ${first}`,
          raw: rawOf(record),
        });
        continue;
      }
      this.seen.set(row.id, record.line);
      rows.push(row);
    }
    await this.write(rows);
    return rejected;
  }

  /**
   * Ends the mandates of this kind that the file no longer lists. A file without a single valid
   * row ends nothing: it is a broken file, not the news that every holder left office.
   */
  async finish(): Promise<void> {
    if (this.seen.size === 0) return;
    const stored = await this.db
      .selectFrom('mandates')
      .select('id')
      .where('mandate', '=', this.mandate)
      .where('current', '=', 1)
      .execute();
    const gone = stored.map((r) => r.id).filter((id) => !this.seen.has(id));
    for (const group of chunks(gone, IN_CHUNK)) {
      await this.db
        .updateTable('mandates')
        .set({ current: 0, ended_at: this.now, import_id: this.importId })
        .where('id', 'in', group)
        .execute();
      await this.audit(
        group.map((id) => ({ id, before: { current: 1, ended_at: null }, after: { current: 0, ended_at: this.now } })),
      );
    }
    this.counts.ended += gone.length;
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

  private rowOf(r: ElectedRecord): MandateRow {
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
    return {
      id: mandateId({ ...r, territoryCode }),
      mandate: r.mandate,
      territory_kind: r.territoryKind,
      territory_code: territoryCode,
      territory_name: r.territoryName ?? null,
      departement_code: departementCode,
      commune_code: r.communeCode,
      last_name: r.lastName,
      first_name: r.firstName,
      sex: r.sex,
      birth_date: r.birthDate,
      mandate_start: r.mandateStart,
      function_label: r.functionLabel,
      function_start: r.functionStart,
      search: normalizeSearch(`${r.lastName} ${r.firstName}`),
      import_id: this.importId,
      current: 1,
      created_at: this.now,
      ended_at: null,
    };
  }

  private async write(rows: MandateRow[]) {
    const stored = new Map<string, MandateRow>();
    for (const ids of chunks(
      rows.map((r) => r.id),
      IN_CHUNK,
    )) {
      for (const row of await this.db.selectFrom('mandates').selectAll().where('id', 'in', ids).execute()) {
        stored.set(row.id, row);
      }
    }
    const inserts: MandateRow[] = [];
    const audits: { id: string; before: unknown; after: unknown }[] = [];
    for (const row of rows) {
      const current = stored.get(row.id);
      if (!current) {
        inserts.push(row);
        continue;
      }
      const changed = MANDATE_FIELDS.filter((f) => (current[f] ?? null) !== (row[f] ?? null));
      if (changed.length === 0) {
        this.counts.unchanged++;
        continue;
      }
      const set = Object.fromEntries(changed.map((f) => [f, row[f] ?? null]));
      await this.db
        .updateTable('mandates')
        .set({ ...set, import_id: this.importId })
        .where('id', '=', row.id)
        .execute();
      audits.push({ id: row.id, before: Object.fromEntries(changed.map((f) => [f, current[f] ?? null])), after: set });
      this.counts.updated++;
    }
    await this.audit(audits);
    if (inserts.length && this.insertMany) {
      const columns = Object.keys(inserts[0] as object) as (keyof MandateRow)[];
      await this.insertMany(
        'mandates',
        columns,
        inserts.map((row) => columns.map((c) => row[c] ?? null)),
      );
      this.counts.created += inserts.length;
    } else if (inserts.length) {
      const size = Math.floor(MAX_PARAMS / Object.keys(inserts[0] as object).length);
      for (const group of chunks(inserts, size)) await this.db.insertInto('mandates').values(group).execute();
      this.counts.created += inserts.length;
    }
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
