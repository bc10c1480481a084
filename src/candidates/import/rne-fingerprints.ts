import type { Db } from '../../db/connection.ts';
import type { ElectedRecord, FileInfo, FormatParser } from './records.ts';

/** Changes when what a fingerprint covers changes: every stored fingerprint then differs once. */
const VERSION = 'v1';
const IN_CHUNK = 500;
const NULL = 0xfffe;
const SEPARATOR = 0xffff;

interface State {
  a: number;
  b: number;
  rows: number;
}

/**
 * Per département, a hash of every record an RNE file gives for it, in file order (every field
 * the import reads: two independent 32-bit hashes and the row count). Equal fingerprints mean the
 * file says exactly what it said for that département when this kind of mandate was last
 * imported: the mandates there are as that import left them, so a re-import leaves the whole
 * département alone instead of comparing its rows with the stored ones (docs/decisions/0026).
 * `salt` covers what else decides the outcome: the territories known (a commune added to the
 * reference makes rows valid that were rejected).
 */
export class DepartementFingerprints {
  private readonly states = new Map<string, State>();
  private ha = 0;
  private hb = 0;

  constructor(private readonly salt: string) {}

  add(departement: string, r: ElectedRecord): void {
    let state = this.states.get(departement);
    if (!state) {
      state = { a: 0, b: 0, rows: 0 };
      this.states.set(departement, state);
    }
    this.ha = state.a;
    this.hb = state.b;
    this.str(r.mandate);
    this.str(r.territoryKind);
    this.str(r.territoryCode);
    this.str(r.departementCode);
    this.str(r.communeCode);
    this.str(r.territoryName ?? null);
    this.str(r.lastName);
    this.str(r.firstName);
    this.str(r.sex);
    this.str(r.birthDate);
    this.str(r.mandateStart);
    this.str(r.functionLabel);
    this.str(r.functionStart);
    state.a = this.ha;
    state.b = this.hb;
    state.rows++;
  }

  get(departement: string): string | undefined {
    const s = this.states.get(departement);
    if (!s) return undefined;
    return `${VERSION}.${this.salt}.${s.rows}.${(s.a >>> 0).toString(16)}.${(s.b >>> 0).toString(16)}`;
  }

  departements(): string[] {
    return [...this.states.keys()];
  }

  private str(s: string | null) {
    let a = this.ha;
    let b = this.hb;
    if (s === null) {
      a = Math.imul(a ^ NULL, 0x01000193);
      b = (Math.imul(b, 31) + NULL) | 0;
    } else {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = (Math.imul(b, 31) + c) | 0;
      }
    }
    this.ha = Math.imul(a ^ SEPARATOR, 0x01000193);
    this.hb = (Math.imul(b, 31) + SEPARATOR) | 0;
  }
}

/** A first pass over the file: the fingerprint of every département it covers. */
export async function fingerprintRneFile(
  parser: FormatParser<ElectedRecord>,
  path: string,
  info: FileInfo,
  departementOf: (r: ElectedRecord) => string,
  salt: string,
): Promise<DepartementFingerprints> {
  const prints = new DepartementFingerprints(salt);
  for await (const batch of parser.parse(path, info)) {
    for (const r of batch.records) prints.add(departementOf(r), r);
  }
  return prints;
}

/** The fingerprints stored for a kind of mandate, by département. */
export async function storedMandateFingerprints(db: Db, mandate: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('mandate_fingerprints')
    .select(['departement_code', 'fingerprint'])
    .where('mandate', '=', mandate)
    .execute();
  return new Map(rows.map((r) => [r.departement_code, r.fingerprint]));
}

/** Stores (replaces) the fingerprints of the départements a file covers, in the import's transaction. */
export async function saveMandateFingerprints(
  db: Db,
  mandate: string,
  importId: string,
  prints: DepartementFingerprints,
): Promise<void> {
  const departements = prints.departements();
  for (let i = 0; i < departements.length; i += IN_CHUNK) {
    const group = departements.slice(i, i + IN_CHUNK);
    await db
      .deleteFrom('mandate_fingerprints')
      .where('mandate', '=', mandate)
      .where('departement_code', 'in', group)
      .execute();
    await db
      .insertInto('mandate_fingerprints')
      .values(
        group.map((departement) => ({
          mandate,
          departement_code: departement,
          fingerprint: prints.get(departement) as string,
          import_id: importId,
        })),
      )
      .execute();
  }
}
