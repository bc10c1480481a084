import type { Db } from '../../db/connection.ts';
import { newId, sequentialIdGenerator } from '../../db/ids.ts';
import { fromBool, normalizeSearch, nowIso } from '../../db/portability.ts';
import type { Database } from '../../db/schema.ts';
import type { WriteSession } from '../../db/write-session.ts';
import { ballotId } from '../../elections/elections.service.ts';
import { BallotFingerprints, saveFingerprints } from './ballot-fingerprints.ts';
import type { CandidateRecord, RejectedRow } from './records.ts';
import { SeenNumbers } from './seen-keys.ts';

type ListRow = Database['lists'];
type BallotRow = Omit<Database['ballots'], 'created_at'>;
type Value = string | number | null;

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface TerritoryIndex {
  communes: Map<string, string>;
  departements: Set<string>;
}

const LIST_FIELDS = ['short_name', 'name', 'nuance_code'] as const;
/** Fields an import compares and may update (everything the file says about a candidacy). */
const CANDIDACY_FIELDS = [
  'ballot_id',
  'list_id',
  'position',
  'panel',
  'head',
  'nuance_code',
  'sex',
  'last_name',
  'first_name',
  'birth_date',
  'nationality',
  'profession',
  'outgoing',
  'communautaire',
  'personality_code',
  'substitute_sex',
  'substitute_last_name',
  'substitute_first_name',
  'substitute_birth_date',
  'substitute_outgoing',
] as const;
type CandidacyField = (typeof CANDIDACY_FIELDS)[number];
/**
 * Rows are built as arrays in this column order: no per-row objects on the hot path. `name_key`
 * (the last name normalised, for matching with mandates) follows last_name, so it is not compared.
 */
const CANDIDACY_COLUMNS = ['id', 'person_id', 'import_id', ...CANDIDACY_FIELDS, 'name_key'] as const;
const FIELD_OFFSET = 3;
const NAME_KEY = CANDIDACY_COLUMNS.length - 1;
const BALLOT_COLUMNS = ['id', 'election_id', 'territory_kind', 'territory_code', 'name'] as const;
const PEOPLE_COLUMNS = ['id', 'last_name', 'first_name', 'sex', 'birth_date', 'search', 'merged_into', 'created_at'];

const IN_CHUNK = 900;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function optBool(v: boolean | null): number | null {
  return v === null ? null : fromBool(v);
}

function changedFields<T extends Record<string, unknown>>(fields: readonly (keyof T)[], before: T, after: T) {
  return fields.filter((f) => (before[f] ?? null) !== (after[f] ?? null));
}

function pick<T extends Record<string, unknown>>(row: T, fields: readonly (keyof T)[]) {
  return Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));
}

interface BallotState {
  row: BallotRow;
  /** Small number identifying the ballot in compact candidacy keys. */
  index: number;
  /** The ballot was stored before this import: its rows must be compared, and unseen ones deleted. */
  existed: boolean;
  /** The file says exactly what it said when the ballot was last imported: nothing to compare or write. */
  skip: boolean;
}

interface PendingCandidacy {
  values: Value[];
  record: CandidateRecord;
  ballot: BallotState;
}

/**
 * Writes parsed candidate records batch by batch, comparing with what is stored: new rows are
 * inserted, changed rows updated (and audited), identical rows left alone. Locked lists and fields
 * a moderator edited are never overwritten. Rows of this file's ballots that the file no longer
 * contains are deleted at the end (audited). Ballots new to the database skip all comparisons,
 * so a first import is a plain bulk load.
 */
export class CandidateWriter {
  readonly candidacies: WriteCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  readonly lists: WriteCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  readonly nuanceLabels = new Map<string, string>();
  private readonly db: Db;
  /** Ballot (or the French reason it is refused) per territory, computed once per territory. */
  private readonly ballotsByTerritory = new Map<string, BallotState | string>();
  private readonly ballots = new Map<string, BallotState>();
  /** Ids of the election's ballots stored before this import (read on the first batch). */
  private storedBallots: Set<string> | undefined;
  /** Ballots seen for the first time and not stored yet: inserted with the batch's rows. */
  private newBallots: BallotState[] = [];
  /** The last record's territory and ballot: a file's rows come ballot by ballot. */
  private lastTerritory = '';
  private lastKind = '';
  private lastBallot: BallotState | string = '';
  /** The last row's list (parsers share one list object between a list's rows) and its id. */
  private lastList: CandidateRecord['list'] = null;
  private lastListBallot: BallotState | undefined;
  private lastListId = '';
  /** List id → line where the list first appeared. */
  private readonly seenLists = new Map<string, number>();
  private readonly lockedLists = new Set<string>();
  /** Compact candidacy key (ballot, panel, position) → line where it first appeared. */
  private readonly seenCandidacies = new SeenNumbers();
  private readonly peopleByIdentity = new Map<string, string>();
  private readonly newPersonId = sequentialIdGenerator();
  private readonly createdAt = nowIso();
  /** Normalised last names: they repeat a lot, each is normalised once (bounded). */
  private nameKeys = new Map<string, string>();
  private firstNameKeys = new Map<string, string>();
  /** Ballots where a candidacy was created, updated or deleted (the matching with mandates runs there). */
  private readonly changedBallots = new Set<BallotState>();
  /** The file's fingerprint per ballot: computed by a first pass when given, else here, row by row. */
  private readonly prints: BallotFingerprints;
  private readonly computePrints: boolean;
  /** Ballots whose fingerprint is the one stored: the import leaves them alone. */
  private readonly unchangedBallots: Set<string>;

  constructor(
    private readonly session: WriteSession,
    private readonly electionId: string,
    private readonly importId: string,
    private readonly territories: TerritoryIndex,
    private readonly actor: string,
    fingerprints?: { prints: BallotFingerprints; unchanged: Set<string> },
  ) {
    this.db = session.db;
    this.prints = fingerprints?.prints ?? new BallotFingerprints();
    this.computePrints = fingerprints === undefined;
    this.unchangedBallots = fingerprints?.unchanged ?? new Set();
  }

  /** Validates and writes one batch; returns the rows rejected here (unknown territory, duplicates). */
  async writeBatch(records: CandidateRecord[]): Promise<RejectedRow[]> {
    if (!this.storedBallots) {
      const rows = await this.db
        .selectFrom('ballots')
        .select('id')
        .where('election_id', '=', this.electionId)
        .execute();
      this.storedBallots = new Set(rows.map((r) => r.id));
    }
    const rejected: RejectedRow[] = [];
    const newLists: ListRow[] = [];
    const pending: PendingCandidacy[] = [];
    // Rows of ballots new to the database, without a birth date (no known person to look for):
    // written straight away, nothing to compare.
    const freshCandidacies: Value[][] = [];
    const freshPeople: Value[][] = [];
    for (const record of records) {
      const ballot = this.ballotFor(record);
      if (typeof ballot === 'string') {
        rejected.push({ line: record.line, reason: ballot, raw: rawOf(record) });
        continue;
      }
      if (this.computePrints) this.prints.add(ballot.row.id, record);
      const panel = record.list ? record.list.panel : (record.panel ?? 0);
      const key = ballot.index * 1_000_000 + panel * 1000 + (record.position ?? 0);
      const firstLine = this.seenCandidacies.add(key, record.line);
      if (firstLine !== undefined) {
        rejected.push({
          line: record.line,
          reason: `ligne en double : même candidature que la ligne ${firstLine}`,
          raw: rawOf(record),
        });
        continue;
      }
      let listId: string | null = null;
      if (record.list && record.list === this.lastList && ballot === this.lastListBallot) listId = this.lastListId;
      else if (record.list) {
        listId = `${ballot.row.id}.${record.list.panel}`;
        this.lastList = record.list;
        this.lastListBallot = ballot;
        this.lastListId = listId;
        if (!this.seenLists.has(listId)) {
          this.seenLists.set(listId, record.line);
          if (ballot.skip) this.lists.unchanged++;
          else newLists.push(listRow(listId, ballot.row.id, record, this.importId));
          if (record.list.nuanceCode && record.list.nuanceLabel) {
            this.nuanceLabels.set(record.list.nuanceCode, record.list.nuanceLabel);
          }
        }
      }
      if (ballot.skip) {
        this.candidacies.unchanged++;
        continue;
      }
      const id = listId ? `${listId}.${record.position}` : `${ballot.row.id}.${record.panel}`;
      const values = candidacyValues(id, ballot.row.id, listId, record, this.importId, this.nameKey(record.lastName));
      if (!ballot.existed && !record.birthDate) {
        values[1] = this.newPerson(record, freshPeople);
        freshCandidacies.push(values);
        this.changedBallots.add(ballot);
      } else pending.push({ values, record, ballot });
    }
    this.candidacies.created += freshCandidacies.length;
    await this.ensureBallots();
    await this.writeLists(newLists);
    await this.writeCandidacies(pending, freshCandidacies, freshPeople);
    return rejected;
  }

  /**
   * Deletes what the file no longer contains, for the ballots it covers that existed before, and
   * stores the fingerprints of the ballots written.
   */
  async finish(): Promise<void> {
    const written = [...this.ballots.values()].filter((b) => !b.skip);
    const existing = written.filter((b) => b.existed);
    for (const group of chunks(existing, IN_CHUNK)) {
      const byId = new Map(group.map((b) => [b.row.id, b]));
      const stored = await this.db
        .selectFrom('candidacies')
        .select(['id', 'ballot_id', 'list_id', 'panel', 'position'])
        .where('ballot_id', 'in', [...byId.keys()])
        .execute();
      const gone = stored.filter((c) => {
        const key = (byId.get(c.ballot_id)?.index ?? 0) * 1_000_000 + (c.panel ?? 0) * 1000 + (c.position ?? 0);
        return !this.seenCandidacies.has(key) && !(c.list_id && this.lockedLists.has(c.list_id));
      });
      for (const c of gone) this.changedBallots.add(byId.get(c.ballot_id) as BallotState);
      const goneIds = gone.map((c) => c.id);
      await this.deleteRows('candidacies', 'candidacy', goneIds);
      this.candidacies.deleted += goneIds.length;
      const storedLists = await this.db
        .selectFrom('lists')
        .select(['id', 'locked'])
        .where('ballot_id', 'in', [...byId.keys()])
        .execute();
      const goneLists = storedLists.filter((l) => !this.seenLists.has(l.id) && l.locked === 0).map((l) => l.id);
      await this.deleteRows('lists', 'list', goneLists);
      this.lists.deleted += goneLists.length;
    }
    await saveFingerprints(
      this.session,
      this.importId,
      written.map((b) => [b.row.id, this.prints.get(b.row.id) as string]),
      existing.map((b) => b.row.id),
    );
  }

  /** Communes and circonscriptions of the ballots where candidacies were created, updated or deleted. */
  changedTerritories(): { communes: string[]; circonscriptions: string[] } {
    const communes = new Set<string>();
    const circonscriptions = new Set<string>();
    for (const { row } of this.changedBallots) {
      if (row.territory_kind === 'commune' || row.territory_kind === 'secteur')
        communes.add(row.territory_code.slice(0, 5));
      else if (row.territory_kind === 'circonscription') circonscriptions.add(row.territory_code);
    }
    return { communes: [...communes], circonscriptions: [...circonscriptions] };
  }

  private nameKey(lastName: string): string {
    let key = this.nameKeys.get(lastName);
    if (key === undefined) {
      if (this.nameKeys.size >= 50_000) this.nameKeys = new Map();
      key = normalizeSearch(lastName);
      this.nameKeys.set(lastName, key);
    }
    return key;
  }

  /**
   * normalizeSearch(`${last} ${first}`), from the normalised parts (each cached: names repeat):
   * the space between them is a separator either way, so the result is the same.
   */
  private personSearch(lastName: string, firstName: string): string {
    const last = this.nameKey(lastName);
    let first = this.firstNameKeys.get(firstName);
    if (first === undefined) {
      if (this.firstNameKeys.size >= 50_000) this.firstNameKeys = new Map();
      first = normalizeSearch(firstName);
      this.firstNameKeys.set(firstName, first);
    }
    return last && first ? `${last} ${first}` : last || first;
  }

  private ballotFor(record: CandidateRecord): BallotState | string {
    if (record.territoryCode === this.lastTerritory && record.territoryKind === this.lastKind) return this.lastBallot;
    const key = `${record.territoryKind}:${record.territoryCode}`;
    let ballot = this.ballotsByTerritory.get(key);
    if (ballot === undefined) {
      const row = this.makeBallot(record);
      ballot = typeof row === 'string' ? row : (this.ballots.get(row.id) ?? this.newBallotState(row));
      if (typeof ballot !== 'string') this.ballots.set(ballot.row.id, ballot);
      this.ballotsByTerritory.set(key, ballot);
    }
    this.lastTerritory = record.territoryCode;
    this.lastKind = record.territoryKind;
    this.lastBallot = ballot;
    return ballot;
  }

  private newBallotState(row: BallotRow): BallotState {
    const skip = this.unchangedBallots.has(row.id);
    const existed = skip || (this.storedBallots as Set<string>).has(row.id);
    const state = { row, index: this.ballots.size + 1, existed, skip };
    if (!existed) this.newBallots.push(state);
    return state;
  }

  private makeBallot(record: CandidateRecord): BallotRow | string {
    const { territoryKind, territoryCode } = record;
    const base = {
      id: ballotId(this.electionId, territoryCode),
      election_id: this.electionId,
      territory_code: territoryCode,
    };
    if (territoryKind === 'commune' || territoryKind === 'secteur') {
      const communeName = this.territories.communes.get(territoryCode.slice(0, 5));
      if (!communeName) return `commune inconnue : code INSEE « ${territoryCode} »`;
      const name = territoryKind === 'secteur' ? (record.territoryName ?? territoryCode) : communeName;
      return { ...base, territory_kind: territoryKind, name };
    }
    if (territoryKind === 'circonscription') {
      const departement = territoryCode.split('-')[0] ?? '';
      if (!this.territories.departements.has(departement) && departement !== '99') {
        return `circonscription inconnue : « ${territoryCode} » (département ${departement} inconnu)`;
      }
      return {
        ...base,
        territory_kind: 'circonscription',
        name: record.territoryName ?? `Circonscription ${territoryCode}`,
      };
    }
    return {
      id: ballotId(this.electionId, 'FR'),
      election_id: this.electionId,
      territory_kind: 'national',
      territory_code: 'FR',
      name: 'France',
    };
  }

  /**
   * Inserts the ballots seen for the first time (bulk). Which ballots were already stored is known
   * from the election's ballot ids, read once before the first batch: no query per batch, so
   * nothing waits for the database while a batch's rows are alive (on PostgreSQL such a query
   * waited behind the queued COPYs, and the rows it kept alive were promoted to the old
   * generation: a hundred full collections).
   */
  private async ensureBallots() {
    if (this.newBallots.length === 0) return;
    const toInsert = this.newBallots.map((b) => BALLOT_COLUMNS.map((c) => b.row[c]));
    this.newBallots = [];
    await this.session.insertMany('ballots', BALLOT_COLUMNS, toInsert);
  }

  private async writeLists(lists: ListRow[]) {
    const toCompare = lists.filter((l) => this.ballots.get(l.ballot_id)?.existed);
    const stored = new Map<string, ListRow>();
    for (const ids of chunks(
      toCompare.map((l) => l.id),
      IN_CHUNK,
    )) {
      for (const row of await this.db.selectFrom('lists').selectAll().where('id', 'in', ids).execute())
        stored.set(row.id, row);
    }
    const inserts: ListRow[] = [];
    for (const list of lists) {
      const current = stored.get(list.id);
      if (!current) {
        inserts.push(list);
        continue;
      }
      if (current.locked) {
        this.lockedLists.add(list.id);
        this.lists.unchanged++;
        continue;
      }
      const edited = new Set<string>(current.edited_fields ? JSON.parse(current.edited_fields) : []);
      const changed = changedFields(LIST_FIELDS, current, list).filter((f) => !edited.has(f));
      if (changed.length === 0) {
        this.lists.unchanged++;
        continue;
      }
      const set = Object.fromEntries(changed.map((f) => [f, list[f]]));
      await this.db
        .updateTable('lists')
        .set({ ...set, import_id: this.importId })
        .where('id', '=', list.id)
        .execute();
      await this.audit('update', 'list', list.id, pick(current, changed), set);
      this.lists.updated++;
    }
    this.lists.created += inserts.length;
    if (inserts.length) {
      const columns = Object.keys(inserts[0] as ListRow) as (keyof ListRow)[];
      await this.session.insertMany(
        'lists',
        columns,
        inserts.map((l) => columns.map((c) => l[c])),
      );
    }
  }

  private async writeCandidacies(pending: PendingCandidacy[], fresh: Value[][], freshPeople: Value[][]) {
    const toCompare = pending.filter((p) => p.ballot.existed);
    const stored = new Map<string, Database['candidacies']>();
    for (const ids of chunks(
      toCompare.map((p) => p.values[0] as string),
      IN_CHUNK,
    )) {
      for (const row of await this.db.selectFrom('candidacies').selectAll().where('id', 'in', ids).execute())
        stored.set(row.id, row);
    }
    const created: PendingCandidacy[] = [];
    for (const item of pending) {
      const listId = item.values[FIELD_OFFSET + 1] as string | null;
      if (listId && this.lockedLists.has(listId)) {
        this.candidacies.unchanged++;
        continue;
      }
      const current = item.ballot.existed ? stored.get(item.values[0] as string) : undefined;
      if (!current) {
        created.push(item);
        continue;
      }
      const changed = CANDIDACY_FIELDS.filter((f, i) => (current[f] ?? null) !== item.values[FIELD_OFFSET + i]);
      if (changed.length === 0) {
        this.candidacies.unchanged++;
        continue;
      }
      const set: Partial<Record<CandidacyField, Value>> = {};
      for (const f of changed) set[f] = item.values[FIELD_OFFSET + CANDIDACY_FIELDS.indexOf(f)] ?? null;
      const nameKey = set.last_name !== undefined ? { name_key: item.values[NAME_KEY] as string } : {};
      await this.db
        .updateTable('candidacies')
        .set({ ...(set as Partial<Database['candidacies']>), ...nameKey, import_id: this.importId })
        .where('id', '=', current.id)
        .execute();
      await this.audit('update', 'candidacy', current.id, pick(current, changed), set);
      this.candidacies.updated++;
      this.changedBallots.add(item.ballot);
    }
    const people = await this.assignPeople(created);
    this.candidacies.created += created.length;
    for (const item of created) this.changedBallots.add(item.ballot);
    // People before their candidacies (PostgreSQL checks the foreign keys of a later load).
    await this.session.insertMany('people', PEOPLE_COLUMNS, people.length ? freshPeople.concat(people) : freshPeople);
    const rows = created.length ? fresh.concat(created.map((c) => c.values)) : fresh;
    await this.session.insertMany('candidacies', CANDIDACY_COLUMNS, rows);
  }

  /** A new person for this record: its row goes into `people`, its id is returned. */
  private newPerson(r: CandidateRecord, people: Value[][]): string {
    const id = this.newPersonId();
    const search = this.personSearch(r.lastName, r.firstName);
    people.push([id, r.lastName, r.firstName, r.sex, r.birthDate, search, null, this.createdAt]);
    return id;
  }

  /**
   * A new candidacy belongs to a known person only on strong evidence: same name and same birth
   * date. Without a birth date a new person is created (a moderator can merge later). Returns the
   * rows of the people created.
   */
  private async assignPeople(items: PendingCandidacy[]): Promise<Value[][]> {
    const identity = (r: CandidateRecord) =>
      r.birthDate ? `${this.personSearch(r.lastName, r.firstName)}|${r.birthDate}` : undefined;
    const lookups = new Set<string>();
    for (const item of items) {
      const key = identity(item.record);
      if (key && !this.peopleByIdentity.has(key)) lookups.add(key);
    }
    for (const group of chunks([...lookups], IN_CHUNK)) {
      const rows = await this.db
        .selectFrom('people')
        .select(['id', 'search', 'birth_date'])
        .where(
          'search',
          'in',
          group.map((k) => k.split('|')[0] ?? ''),
        )
        .where('birth_date', 'is not', null)
        .where('merged_into', 'is', null)
        .execute();
      for (const row of rows) this.peopleByIdentity.set(`${row.search}|${row.birth_date}`, row.id);
    }
    const people: Value[][] = [];
    for (const item of items) {
      const key = identity(item.record);
      const known = key ? this.peopleByIdentity.get(key) : undefined;
      if (known) {
        item.values[1] = known;
        continue;
      }
      const id = this.newPerson(item.record, people);
      item.values[1] = id;
      if (key) this.peopleByIdentity.set(key, id);
    }
    return people;
  }

  /** Deletes rows by id, keeping each deleted row in the audit log. */
  private async deleteRows(table: 'candidacies' | 'lists', entity: string, ids: string[]) {
    for (const group of chunks(ids, IN_CHUNK)) {
      const rows = await this.db.selectFrom(table).selectAll().where('id', 'in', group).execute();
      for (const row of rows) await this.audit('delete', entity, row.id, row, null);
      await this.db.deleteFrom(table).where('id', 'in', group).execute();
    }
  }

  private async audit(action: string, entityType: string, entityId: string, before: unknown, after: unknown) {
    await this.db
      .insertInto('audit_log')
      .values({
        id: newId(),
        at: nowIso(),
        actor: this.actor,
        action,
        entity_type: entityType,
        entity_id: entityId,
        before: before === null ? null : JSON.stringify(before),
        after: after === null ? null : JSON.stringify(after),
        import_id: this.importId,
      })
      .execute();
  }
}

function listRow(id: string, ballot: string, record: CandidateRecord, importId: string): ListRow {
  const list = record.list as NonNullable<CandidateRecord['list']>;
  return {
    id,
    ballot_id: ballot,
    panel: list.panel,
    short_name: list.shortName,
    name: list.name,
    nuance_code: list.nuanceCode,
    website: null,
    locked: 0,
    edited_fields: null,
    import_id: importId,
  };
}

/** The candidacy row as values in CANDIDACY_COLUMNS order (person id filled in later). */
function candidacyValues(
  id: string,
  ballot: string,
  listId: string | null,
  r: CandidateRecord,
  importId: string,
  nameKey: string,
): Value[] {
  const s = r.substitute;
  return [
    id,
    '',
    importId,
    ballot,
    listId,
    r.position,
    r.list ? r.list.panel : r.panel,
    fromBool(r.head),
    r.nuanceCode ?? r.list?.nuanceCode ?? null,
    r.sex,
    r.lastName,
    r.firstName,
    r.birthDate,
    r.nationality,
    r.profession,
    optBool(r.outgoing),
    optBool(r.communautaire),
    r.personalityCode,
    s?.sex ?? null,
    s?.lastName ?? null,
    s?.firstName ?? null,
    s?.birthDate ?? null,
    s ? optBool(s.outgoing) : null,
    nameKey,
  ];
}

function rawOf(r: CandidateRecord): string {
  return [r.territoryCode, r.list?.name ?? '', r.position ?? r.panel ?? '', r.lastName, r.firstName].join(' | ');
}
