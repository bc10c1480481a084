import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

type DocumentRow = Database['pact_documents'];
type CommitmentRow = Database['pact_commitments'];
type ActionRow = Database['pact_actions'];

export async function findDocumentVersion(db: Db, id: string, version: number): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('pact_documents')
    .selectAll()
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** The latest version published on or before `now` among the documents linked to an election. */
export async function findCurrentDocumentForElection(
  db: Db,
  electionId: string,
  now: string,
): Promise<DocumentRow | undefined> {
  return db
    .selectFrom('pact_documents as d')
    .innerJoin('pact_document_elections as e', 'e.document_id', 'd.id')
    .selectAll('d')
    .where('e.election_id', '=', electionId)
    .where('d.published_at', 'is not', null)
    .where('d.published_at', '<=', now)
    .orderBy('d.published_at', 'desc')
    .orderBy('d.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listDocumentVersions(
  db: Db,
  id: string,
): Promise<Pick<DocumentRow, 'id' | 'version' | 'title' | 'published_at' | 'created_at'>[]> {
  return db
    .selectFrom('pact_documents')
    .select(['id', 'version', 'title', 'published_at', 'created_at'])
    .where('id', '=', id)
    .orderBy('version', 'desc')
    .execute();
}

export async function findCommitments(db: Db, id: string, version: number): Promise<CommitmentRow[]> {
  return db
    .selectFrom('pact_commitments')
    .selectAll()
    .where('document_id', '=', id)
    .where('document_version', '=', version)
    .orderBy('number')
    .execute();
}

export async function findActions(db: Db, id: string, version: number): Promise<ActionRow[]> {
  return db
    .selectFrom('pact_actions')
    .selectAll()
    .where('document_id', '=', id)
    .where('document_version', '=', version)
    .orderBy('commitment_number')
    .orderBy('position')
    .execute();
}

export async function latestVersionNumber(db: Db, id: string): Promise<number> {
  const row = await db
    .selectFrom('pact_documents')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export async function insertDocumentVersion(
  db: Db,
  document: DocumentRow,
  commitments: CommitmentRow[],
  actions: ActionRow[],
): Promise<void> {
  await db.insertInto('pact_documents').values(document).execute();
  if (commitments.length) await db.insertInto('pact_commitments').values(commitments).execute();
  if (actions.length) await db.insertInto('pact_actions').values(actions).execute();
}

export async function linkDocumentToElections(db: Db, id: string, electionIds: string[]): Promise<void> {
  if (!electionIds.length) return;
  const existing = await db
    .selectFrom('pact_document_elections')
    .select('election_id')
    .where('document_id', '=', id)
    .execute();
  const known = new Set(existing.map((r) => r.election_id));
  const missing = electionIds.filter((e) => !known.has(e));
  if (missing.length) {
    await db
      .insertInto('pact_document_elections')
      .values(missing.map((election_id) => ({ document_id: id, election_id })))
      .execute();
  }
}

export async function electionsOfDocument(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pact_document_elections')
    .select('election_id')
    .where('document_id', '=', id)
    .orderBy('election_id')
    .execute();
  return rows.map((r) => r.election_id);
}

/** Every version of every document, newest first within each document (admin list). */
export async function listAllDocumentVersions(
  db: Db,
): Promise<Pick<DocumentRow, 'id' | 'version' | 'title' | 'election_label' | 'published_at' | 'created_at'>[]> {
  return db
    .selectFrom('pact_documents')
    .select(['id', 'version', 'title', 'election_label', 'published_at', 'created_at'])
    .orderBy('id')
    .orderBy('version', 'desc')
    .execute();
}

/** Publishes a draft version (a published version keeps its date: it is never edited). */
export async function publishDocumentVersion(db: Db, id: string, version: number, at: string): Promise<boolean> {
  const result = await db
    .updateTable('pact_documents')
    .set({ published_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('published_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
