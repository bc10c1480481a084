import type { Db } from '../../db/connection.ts';
import { FieldHash, hashText } from './field-hash.ts';
import type { ElectedRecord, FileInfo, FormatParser } from './records.ts';

/** Changes when what a fingerprint covers changes: every stored fingerprint then differs once. */
const VERSION = 'v1';
const IN_CHUNK = 500;

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
  private readonly hash = new FieldHash();

  constructor(private readonly salt: string) {}

  add(departement: string, r: ElectedRecord): void {
    let state = this.states.get(departement);
    if (!state) {
      state = { a: 0, b: 0, rows: 0 };
      this.states.set(departement, state);
    }
    const h = this.hash;
    h.resume(state.a, state.b);
    h.str(r.mandate);
    h.str(r.territoryKind);
    h.str(r.territoryCode);
    h.str(r.departementCode);
    h.str(r.communeCode);
    h.str(r.territoryName ?? null);
    h.str(r.lastName);
    h.str(r.firstName);
    h.str(r.sex);
    h.str(r.birthDate);
    h.str(r.mandateStart);
    h.str(r.functionLabel);
    h.str(r.functionStart);
    state.a = h.a;
    state.b = h.b;
    state.rows++;
  }

  get(departement: string): string | undefined {
    const s = this.states.get(departement);
    if (!s) return undefined;
    return `${VERSION}.${this.salt}.${s.rows}.${hashText(s.a, s.b)}`;
  }

  departements(): string[] {
    return [...this.states.keys()];
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
