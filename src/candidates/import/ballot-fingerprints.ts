import type { Db } from '../../db/connection.ts';
import type { WriteSession } from '../../db/write-session.ts';
import { ballotId } from '../../elections/elections.service.ts';
import type { CandidateRecord, FileInfo, FormatParser } from './records.ts';

/** Changes when what a fingerprint covers changes: every stored fingerprint then differs once. */
const VERSION = 'v1';
const IN_CHUNK = 900;
const NULL = 0xfffe;
const SEPARATOR = 0xffff;

/** The ballot a record belongs to (the writer's ballot id, before any validation). */
export function recordBallotId(electionId: string, r: CandidateRecord): string {
  return ballotId(electionId, r.territoryKind === 'national' ? 'FR' : r.territoryCode);
}

/**
 * Per ballot, a hash of everything the file says about it: its rows in file order, every field
 * the import reads (two independent 32-bit hashes, so 64 bits, and the row count). Equal
 * fingerprints mean the file says exactly the same about the ballot as when it was last imported,
 * so a re-import can leave the whole ballot alone instead of comparing its rows one by one.
 * States are kept in typed arrays: half a million records make no garbage here.
 */
export class BallotFingerprints {
  private readonly index = new Map<string, number>();
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private counts = new Int32Array(1024);
  private ha = 0;
  private hb = 0;

  add(ballot: string, r: CandidateRecord): void {
    let i = this.index.get(ballot);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(ballot, i);
      if (i >= this.a.length) this.grow();
    }
    this.ha = this.a[i] as number;
    this.hb = this.b[i] as number;
    this.str(r.territoryKind);
    this.str(r.territoryName);
    const list = r.list;
    if (list) {
      this.num(list.panel);
      this.str(list.shortName);
      this.str(list.name);
      this.str(list.nuanceCode);
      this.str(list.nuanceLabel);
    } else this.num(null);
    this.num(r.position);
    this.num(r.head ? 1 : 0);
    this.num(r.panel);
    this.str(r.nuanceCode);
    this.str(r.sex);
    this.str(r.lastName);
    this.str(r.firstName);
    this.str(r.birthDate);
    this.str(r.nationality);
    this.str(r.profession);
    this.bool(r.outgoing);
    this.bool(r.communautaire);
    this.str(r.personalityCode);
    const s = r.substitute;
    if (s) {
      this.str(s.sex);
      this.str(s.lastName);
      this.str(s.firstName);
      this.str(s.birthDate);
      this.bool(s.outgoing);
    } else this.num(null);
    this.a[i] = this.ha;
    this.b[i] = this.hb;
    this.counts[i] = (this.counts[i] as number) + 1;
  }

  get(ballot: string): string | undefined {
    const i = this.index.get(ballot);
    if (i === undefined) return undefined;
    return `${VERSION}.${this.counts[i]}.${((this.a[i] as number) >>> 0).toString(16)}.${((this.b[i] as number) >>> 0).toString(16)}`;
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

  private num(n: number | null) {
    const v = n === null ? NULL : n + 1;
    this.ha = Math.imul(Math.imul(this.ha ^ v, 0x01000193) ^ SEPARATOR, 0x01000193);
    this.hb = (Math.imul((Math.imul(this.hb, 31) + v) | 0, 31) + SEPARATOR) | 0;
  }

  private bool(v: boolean | null) {
    this.num(v === null ? null : v ? 1 : 0);
  }

  private grow() {
    const size = this.a.length * 2;
    for (const key of ['a', 'b', 'counts'] as const) {
      const bigger = new Int32Array(size);
      bigger.set(this[key]);
      this[key] = bigger;
    }
  }
}

/** A first pass over the file: the fingerprint of every ballot it contains. */
export async function fingerprintFile(
  parser: FormatParser<CandidateRecord>,
  path: string,
  info: FileInfo,
  electionId: string,
): Promise<BallotFingerprints> {
  const prints = new BallotFingerprints();
  for await (const batch of parser.parse(path, info)) {
    for (const r of batch.records) prints.add(recordBallotId(electionId, r), r);
  }
  return prints;
}

/** The fingerprints stored for an election's ballots, by ballot id. */
export async function storedFingerprints(db: Db, electionId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('ballot_fingerprints')
    .innerJoin('ballots', 'ballots.id', 'ballot_fingerprints.ballot_id')
    .select(['ballot_fingerprints.ballot_id', 'ballot_fingerprints.fingerprint'])
    .where('ballots.election_id', '=', electionId)
    .execute();
  return new Map(rows.map((r) => [r.ballot_id, r.fingerprint]));
}

/** Stores the fingerprints of the ballots an import wrote (`replaced`: those that had one before). */
export async function saveFingerprints(
  session: WriteSession,
  importId: string,
  fingerprints: [ballotId: string, fingerprint: string][],
  replaced: string[],
): Promise<void> {
  for (let i = 0; i < replaced.length; i += IN_CHUNK) {
    await session.db
      .deleteFrom('ballot_fingerprints')
      .where('ballot_id', 'in', replaced.slice(i, i + IN_CHUNK))
      .execute();
  }
  await session.insertMany(
    'ballot_fingerprints',
    ['ballot_id', 'fingerprint', 'import_id'],
    fingerprints.map(([ballot, fingerprint]) => [ballot, fingerprint, importId]),
  );
}

/**
 * Forgets a ballot's fingerprint, so that the next import compares its rows one by one again
 * (after a moderator unlocks one of its lists: the file's version must then be applied).
 */
export async function forgetFingerprint(db: Db, ballot: string): Promise<void> {
  await db.deleteFrom('ballot_fingerprints').where('ballot_id', '=', ballot).execute();
}
