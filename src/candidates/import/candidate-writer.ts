import type { Db } from '../../db/connection.ts';
import { newId, sequentialIdGenerator } from '../../db/ids.ts';
import { fromBool, normalizeSearch, nowIso } from '../../db/portability.ts';
import type { Database } from '../../db/schema.ts';
import type { WriteSession } from '../../db/write-session.ts';
import { ballotId } from '../../elections/elections.service.ts';
import type { CandidateRecord, RejectedRow } from './records.ts';

type ListRow = Database['lists'];
type CandidacyRow = Database['candidacies'];
type BallotRow = Omit<Database['ballots'], 'created_at'>;

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

/**
 * Writes parsed candidate records batch by batch, comparing with what is stored: new rows are
 * inserted, changed rows updated (and audited), identical rows left alone. Locked lists and fields
 * a moderator edited are never overwritten. Rows of this file's ballots that the file no longer
 * contains are deleted at the end (audited).
 */
export class CandidateWriter {
  readonly candidacies: WriteCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  readonly lists: WriteCounts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  readonly nuanceLabels = new Map<string, string>();
  private readonly ballots = new Map<string, BallotRow>();
  private readonly knownBallots = new Set<string>();
  /** List id → line where the list first appeared. */
  private readonly seenLists = new Map<string, number>();
  /** Ballot (or the French reason it is refused) per territory, computed once per territory. */
  private readonly ballotCache = new Map<string, BallotRow | string>();
  private readonly lockedLists = new Set<string>();
  private readonly seenCandidacies = new Map<string, number>();
  private readonly peopleByIdentity = new Map<string, string>();
  private readonly newPersonId = sequentialIdGenerator();

  private readonly db: Db;

  constructor(
    private readonly session: WriteSession,
    private readonly electionId: string,
    private readonly importId: string,
    private readonly territories: TerritoryIndex,
    private readonly actor: string,
  ) {
    this.db = session.db;
  }

  /** Validates and writes one batch; returns the rows rejected here (unknown territory, duplicates). */
  async writeBatch(records: CandidateRecord[]): Promise<RejectedRow[]> {
    const rejected: RejectedRow[] = [];
    const newLists = new Map<string, ListRow>();
    const candidacies: { row: CandidacyRow; record: CandidateRecord }[] = [];
    for (const record of records) {
      const ballot = this.ballotFor(record);
      if (typeof ballot === 'string') {
        rejected.push({ line: record.line, reason: ballot, raw: rawOf(record) });
        continue;
      }
      let listId: string | null = null;
      if (record.list) {
        listId = `${ballot.id}.${record.list.panel}`;
        if (!this.seenLists.has(listId)) {
          const list: ListRow = {
            id: listId,
            ballot_id: ballot.id,
            panel: record.list.panel,
            short_name: record.list.shortName,
            name: record.list.name,
            nuance_code: record.list.nuanceCode,
            website: null,
            locked: 0,
            edited_fields: null,
            import_id: this.importId,
          };
          if (record.list.nuanceCode && record.list.nuanceLabel) {
            this.nuanceLabels.set(record.list.nuanceCode, record.list.nuanceLabel);
          }
          this.seenLists.set(listId, record.line);
          newLists.set(listId, list);
        }
      }
      const id = listId ? `${listId}.${record.position}` : `${ballot.id}.${record.panel}`;
      const firstLine = this.seenCandidacies.get(id);
      if (firstLine !== undefined) {
        rejected.push({
          line: record.line,
          reason: `ligne en double : même candidature que la ligne ${firstLine}`,
          raw: rawOf(record),
        });
        continue;
      }
      this.seenCandidacies.set(id, record.line);
      this.ballots.set(ballot.id, ballot);
      candidacies.push({ row: candidacyRow(id, ballot.id, listId, record, this.importId), record });
    }
    await this.ensureBallots();
    await this.writeLists([...newLists.values()]);
    await this.writeCandidacies(candidacies);
    return rejected;
  }

  /** Deletes what the file no longer contains, for the ballots it covers. */
  async finish(): Promise<void> {
    for (const ids of chunks([...this.ballots.keys()], IN_CHUNK)) {
      const stored = await this.db
        .selectFrom('candidacies')
        .select(['id', 'list_id'])
        .where('ballot_id', 'in', ids)
        .execute();
      const goneIds = stored
        .filter((c) => !this.seenCandidacies.has(c.id) && !(c.list_id && this.lockedLists.has(c.list_id)))
        .map((c) => c.id);
      await this.deleteRows('candidacies', 'candidacy', goneIds);
      this.candidacies.deleted += goneIds.length;
      const storedLists = await this.db
        .selectFrom('lists')
        .select(['id', 'locked'])
        .where('ballot_id', 'in', ids)
        .execute();
      const goneLists = storedLists.filter((l) => !this.seenLists.has(l.id) && l.locked === 0).map((l) => l.id);
      await this.deleteRows('lists', 'list', goneLists);
      this.lists.deleted += goneLists.length;
    }
  }

  private ballotFor(record: CandidateRecord): BallotRow | string {
    const key = `${record.territoryKind}:${record.territoryCode}`;
    let ballot = this.ballotCache.get(key);
    if (ballot === undefined) {
      ballot = this.makeBallot(record);
      this.ballotCache.set(key, ballot);
    }
    return ballot;
  }

  private makeBallot(record: CandidateRecord): BallotRow | string {
    const { territoryKind, territoryCode } = record;
    if (territoryKind === 'commune' || territoryKind === 'secteur') {
      const communeCode = territoryCode.slice(0, 5);
      const communeName = this.territories.communes.get(communeCode);
      if (!communeName) return `commune inconnue : code INSEE « ${territoryCode} »`;
      const name = territoryKind === 'secteur' ? (record.territoryName ?? territoryCode) : communeName;
      return {
        id: ballotId(this.electionId, territoryCode),
        election_id: this.electionId,
        territory_kind: territoryKind,
        territory_code: territoryCode,
        name,
      };
    }
    if (territoryKind === 'circonscription') {
      const departement = territoryCode.split('-')[0] ?? '';
      if (!this.territories.departements.has(departement) && departement !== '99') {
        return `circonscription inconnue : « ${territoryCode} » (département ${departement} inconnu)`;
      }
      const name = record.territoryName ?? `Circonscription ${territoryCode}`;
      return {
        id: ballotId(this.electionId, territoryCode),
        election_id: this.electionId,
        territory_kind: 'circonscription',
        territory_code: territoryCode,
        name,
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

  private async ensureBallots() {
    const missing = [...this.ballots.values()].filter((b) => !this.knownBallots.has(b.id));
    for (const group of chunks(missing, IN_CHUNK)) {
      const existing = new Set(
        (
          await this.db
            .selectFrom('ballots')
            .select('id')
            .where(
              'id',
              'in',
              group.map((b) => b.id),
            )
            .execute()
        ).map((r) => r.id),
      );
      const toInsert = group.filter((b) => !existing.has(b.id));
      if (toInsert.length) await this.db.insertInto('ballots').values(toInsert).execute();
      for (const b of group) this.knownBallots.add(b.id);
    }
  }

  private async writeLists(lists: ListRow[]) {
    if (lists.length === 0) return;
    const stored = new Map<string, ListRow>();
    for (const ids of chunks(
      lists.map((l) => l.id),
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
        this.lists.created++;
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
    await this.insertChunked('lists', inserts);
  }

  private async writeCandidacies(items: { row: CandidacyRow; record: CandidateRecord }[]) {
    const stored = new Map<string, CandidacyRow>();
    for (const ids of chunks(
      items.map((i) => i.row.id),
      IN_CHUNK,
    )) {
      for (const row of await this.db.selectFrom('candidacies').selectAll().where('id', 'in', ids).execute())
        stored.set(row.id, row);
    }
    const inserts: CandidacyRow[] = [];
    const needPeople: { row: CandidacyRow; record: CandidateRecord }[] = [];
    for (const item of items) {
      const current = stored.get(item.row.id);
      if (item.row.list_id && this.lockedLists.has(item.row.list_id)) {
        this.candidacies.unchanged++;
        continue;
      }
      if (!current) {
        needPeople.push(item);
        continue;
      }
      const changed = changedFields(CANDIDACY_FIELDS, current, item.row);
      if (changed.length === 0) {
        this.candidacies.unchanged++;
        continue;
      }
      const set = Object.fromEntries(changed.map((f) => [f, item.row[f]]));
      await this.db
        .updateTable('candidacies')
        .set({ ...set, import_id: this.importId })
        .where('id', '=', item.row.id)
        .execute();
      await this.audit('update', 'candidacy', item.row.id, pick(current, changed), set);
      this.candidacies.updated++;
    }
    await this.assignPeople(needPeople);
    for (const { row } of needPeople) inserts.push(row);
    this.candidacies.created += inserts.length;
    await this.insertChunked('candidacies', inserts);
  }

  /**
   * A new candidacy belongs to a known person only on strong evidence: same name and same birth
   * date. Without a birth date a new person is created (a moderator can merge later).
   */
  private async assignPeople(items: { row: CandidacyRow; record: CandidateRecord }[]) {
    const identity = (r: CandidateRecord) =>
      r.birthDate ? `${normalizeSearch(`${r.lastName} ${r.firstName}`)}|${r.birthDate}` : undefined;
    const lookups = [...new Set(items.map((i) => identity(i.record)).filter((k): k is string => !!k))].filter(
      (k) => !this.peopleByIdentity.has(k),
    );
    for (const group of chunks(lookups, IN_CHUNK)) {
      const searches = group.map((k) => k.split('|')[0] ?? '');
      const rows = await this.db
        .selectFrom('people')
        .select(['id', 'search', 'birth_date'])
        .where('search', 'in', searches)
        .where('merged_into', 'is', null)
        .execute();
      for (const row of rows) if (row.birth_date) this.peopleByIdentity.set(`${row.search}|${row.birth_date}`, row.id);
    }
    const people: Database['people'][] = [];
    const createdAt = nowIso();
    for (const item of items) {
      const key = identity(item.record);
      const known = key ? this.peopleByIdentity.get(key) : undefined;
      if (known) {
        item.row.person_id = known;
        continue;
      }
      const id = this.newPersonId();
      item.row.person_id = id;
      if (key) this.peopleByIdentity.set(key, id);
      people.push({
        id,
        last_name: item.record.lastName,
        first_name: item.record.firstName,
        sex: item.record.sex,
        birth_date: item.record.birthDate,
        search: normalizeSearch(`${item.record.lastName} ${item.record.firstName}`),
        merged_into: null,
        created_at: createdAt,
      });
    }
    await this.insertChunked('people', people);
  }

  private async insertChunked<T extends 'lists' | 'candidacies' | 'people'>(table: T, rows: Database[T][]) {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0] as object);
    const values = rows.map((row) => columns.map((c) => (row as Record<string, string | number | null>)[c] ?? null));
    await this.session.insertMany(table, columns, values);
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

function candidacyRow(
  id: string,
  ballot: string,
  listId: string | null,
  r: CandidateRecord,
  importId: string,
): CandidacyRow {
  return {
    id,
    ballot_id: ballot,
    list_id: listId,
    person_id: '',
    position: r.position,
    panel: r.list ? r.list.panel : r.panel,
    head: fromBool(r.head),
    nuance_code: r.nuanceCode ?? r.list?.nuanceCode ?? null,
    sex: r.sex,
    last_name: r.lastName,
    first_name: r.firstName,
    birth_date: r.birthDate,
    nationality: r.nationality,
    profession: r.profession,
    outgoing: optBool(r.outgoing),
    communautaire: optBool(r.communautaire),
    personality_code: r.personalityCode,
    substitute_sex: r.substitute?.sex ?? null,
    substitute_last_name: r.substitute?.lastName ?? null,
    substitute_first_name: r.substitute?.firstName ?? null,
    substitute_birth_date: r.substitute?.birthDate ?? null,
    substitute_outgoing: r.substitute ? optBool(r.substitute.outgoing) : null,
    import_id: importId,
  };
}

function rawOf(r: CandidateRecord): string {
  return [r.territoryCode, r.list?.name ?? '', r.position ?? r.panel ?? '', r.lastName, r.firstName].join(' | ');
}
