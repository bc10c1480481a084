import type { Db } from '../../db/connection.ts';
import type { WriteSession } from '../../db/write-session.ts';
import { ballotId } from '../../elections/elections.service.ts';
import { FieldHash, hashText } from './field-hash.ts';
import type { CandidateRecord, FileInfo, FormatParser } from './records.ts';

/** Changes when what a fingerprint covers changes: every stored fingerprint then differs once. */
const VERSION = 'v1';
const IN_CHUNK = 900;

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
  private readonly hash = new FieldHash();

  /** The last ballot added to and its slot: a file's rows come ballot by ballot. */
  private lastBallot = '';
  private lastSlot = 0;

  add(ballot: string, r: CandidateRecord): void {
    let i = ballot === this.lastBallot ? this.lastSlot : this.index.get(ballot);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(ballot, i);
      if (i >= this.a.length) this.grow();
    }
    this.lastBallot = ballot;
    this.lastSlot = i;
    const h = this.hash;
    h.resume(this.a[i] as number, this.b[i] as number);
    h.str(r.territoryKind);
    h.str(r.territoryName);
    const list = r.list;
    if (list) {
      h.num(list.panel);
      h.str(list.shortName);
      h.str(list.name);
      h.str(list.nuanceCode);
      h.str(list.nuanceLabel);
    } else h.num(null);
    h.num(r.position);
    h.num(r.head ? 1 : 0);
    h.num(r.panel);
    h.str(r.nuanceCode);
    h.str(r.sex);
    h.str(r.lastName);
    h.str(r.firstName);
    h.str(r.birthDate);
    h.str(r.nationality);
    h.str(r.profession);
    h.bool(r.outgoing);
    h.bool(r.communautaire);
    h.str(r.personalityCode);
    const s = r.substitute;
    if (s) {
      h.str(s.sex);
      h.str(s.lastName);
      h.str(s.firstName);
      h.str(s.birthDate);
      h.bool(s.outgoing);
    } else h.num(null);
    this.a[i] = h.a;
    this.b[i] = h.b;
    this.counts[i] = (this.counts[i] as number) + 1;
  }

  get(ballot: string): string | undefined {
    const i = this.index.get(ballot);
    if (i === undefined) return undefined;
    return `${VERSION}.${this.counts[i]}.${hashText(this.a[i] as number, this.b[i] as number)}`;
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
