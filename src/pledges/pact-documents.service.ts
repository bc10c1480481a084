import type { Db } from '../db/connection.ts';
import { PACT_2026 } from './pact-2026.seed.ts';
import {
  electionsOfDocument,
  findActions,
  findCommitments,
  findCurrentDocumentForElection,
  findDocumentVersion,
  insertDocumentVersion,
  latestVersionNumber,
  linkDocumentToElections,
  listAllDocumentVersions,
  listDocumentVersions,
  publishDocumentVersion,
} from './pact-documents.queries.ts';

/**
 * Pact documents are versioned data: a published version is never edited, a correction or a new
 * campaign's text is a new version (addPactVersion), written by an admin at /admin/pactes
 * (pact-admin.routes.tsx) or loaded from a seed. A version saved as a draft is published later.
 */

export type PactVariant = 'list' | 'individual';

export interface PactAction {
  position: number;
  groupTitle: string | null;
  /** 1: a sub-item of the previous action. */
  level: number;
  text: string;
}

export interface PactCommitment {
  number: number;
  title: string;
  /** Paragraphs; a paragraph whose lines start with "- " is a bulleted list. */
  text: string[];
  actions: PactAction[];
  closingTitle: string | null;
  closingText: string[];
  /** Footnotes by number ("5" → URL). */
  notes: { number: string; url: string }[];
}

export interface PactDocument {
  id: string;
  version: number;
  title: string;
  subtitle: string;
  electionLabel: string;
  preamble: string[];
  listIntro: string;
  individualIntro: string;
  signingStatement: string;
  instructions: string;
  personalDataNotice: string;
  publishedAt: string | null;
  elections: string[];
  commitments: PactCommitment[];
}

export interface NewPactVersion {
  title: string;
  subtitle: string;
  electionLabel: string;
  preamble: string[];
  listIntro: string;
  individualIntro: string;
  signingStatement: string;
  instructions: string;
  personalDataNotice: string;
  /** ISO timestamp; null keeps the version as a draft (never "current"). */
  publishedAt: string | null;
  commitments: {
    number: number;
    title: string;
    text: string[];
    actions: { groupTitle: string | null; level: number; text: string }[];
    closingTitle?: string | null;
    closingText?: string[];
    /** "5 https://…" */
    notes?: string[];
  }[];
}

const PARAGRAPH = '\n\n';

function paragraphs(text: string | null): string[] {
  return text ? text.split(PARAGRAPH) : [];
}

function parseNotes(notes: string): { number: string; url: string }[] {
  return notes
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [number = '', url = ''] = line.split(' ', 2);
      return { number, url };
    });
}

async function loadDocument(db: Db, id: string, version: number): Promise<PactDocument | undefined> {
  const row = await findDocumentVersion(db, id, version);
  if (!row) return undefined;
  const [commitments, actions, elections] = await Promise.all([
    findCommitments(db, id, version),
    findActions(db, id, version),
    electionsOfDocument(db, id),
  ]);
  return {
    id: row.id,
    version: Number(row.version),
    title: row.title,
    subtitle: row.subtitle,
    electionLabel: row.election_label,
    preamble: paragraphs(row.preamble),
    listIntro: row.list_intro,
    individualIntro: row.individual_intro,
    signingStatement: row.signing_statement,
    instructions: row.instructions,
    personalDataNotice: row.personal_data_notice,
    publishedAt: row.published_at,
    elections,
    commitments: commitments.map((c) => ({
      number: Number(c.number),
      title: c.title,
      text: paragraphs(c.text),
      actions: actions
        .filter((a) => Number(a.commitment_number) === Number(c.number))
        .map((a) => ({
          position: Number(a.position),
          groupTitle: a.group_title,
          level: Number(a.level),
          text: a.text,
        })),
      closingTitle: c.closing_title,
      closingText: paragraphs(c.closing_text),
      notes: parseNotes(c.notes),
    })),
  };
}

/** The pact that applies now to an election: its latest published version. */
export async function getCurrentPact(
  db: Db,
  electionId: string,
  now: Date = new Date(),
): Promise<PactDocument | undefined> {
  const row = await findCurrentDocumentForElection(db, electionId, now.toISOString());
  return row ? loadDocument(db, row.id, Number(row.version)) : undefined;
}

export async function getPactVersion(db: Db, id: string, version: number): Promise<PactDocument | undefined> {
  return loadDocument(db, id, version);
}

export interface PactVersionSummary {
  id: string;
  version: number;
  title: string;
  publishedAt: string | null;
  createdAt: string;
}

export async function listPactVersions(db: Db, id: string): Promise<PactVersionSummary[]> {
  const rows = await listDocumentVersions(db, id);
  return rows.map((r) => ({
    id: r.id,
    version: Number(r.version),
    title: r.title,
    publishedAt: r.published_at,
    createdAt: r.created_at,
  }));
}

async function insertVersion(db: Db, id: string, version: number, input: NewPactVersion, now: Date) {
  await insertDocumentVersion(
    db,
    {
      id,
      version,
      title: input.title,
      subtitle: input.subtitle,
      election_label: input.electionLabel,
      preamble: input.preamble.join(PARAGRAPH),
      list_intro: input.listIntro,
      individual_intro: input.individualIntro,
      signing_statement: input.signingStatement,
      instructions: input.instructions,
      personal_data_notice: input.personalDataNotice,
      published_at: input.publishedAt,
      created_at: now.toISOString(),
    },
    input.commitments.map((c) => ({
      document_id: id,
      document_version: version,
      number: c.number,
      title: c.title,
      text: c.text.join(PARAGRAPH),
      closing_title: c.closingTitle ?? null,
      closing_text: c.closingText?.length ? c.closingText.join(PARAGRAPH) : null,
      notes: (c.notes ?? []).join('\n'),
    })),
    input.commitments.flatMap((c) =>
      c.actions.map((a, i) => ({
        document_id: id,
        document_version: version,
        commitment_number: c.number,
        position: i + 1,
        group_title: a.groupTitle,
        level: a.level,
        text: a.text,
      })),
    ),
  );
}

/**
 * Adds the next version of a document (version 1 if it is new) and links the document to the given
 * elections. Returns the stored version.
 */
export async function addPactVersion(
  db: Db,
  id: string,
  input: NewPactVersion,
  options: { elections?: string[]; now?: Date } = {},
): Promise<PactDocument> {
  const now = options.now ?? new Date();
  const version = await db.transaction().execute(async (trx) => {
    const next = (await latestVersionNumber(trx, id)) + 1;
    await insertVersion(trx, id, next, input, now);
    await linkDocumentToElections(trx, id, options.elections ?? []);
    return next;
  });
  return (await loadDocument(db, id, version)) as PactDocument;
}

/** Loads the known pact texts (the 2026 municipal pact); running it twice changes nothing. */
export async function seedPactDocuments(db: Db): Promise<void> {
  const { id, version, elections, ...input } = PACT_2026;
  await db.transaction().execute(async (trx) => {
    if (!(await findDocumentVersion(trx, id, version))) await insertVersion(trx, id, version, input, new Date());
    await linkDocumentToElections(trx, id, elections);
  });
}

export interface PactDocumentSummary {
  id: string;
  elections: string[];
  versions: (PactVersionSummary & { electionLabel: string })[];
}

/** Every pact document with its versions and elections (admin list). */
export async function listPactDocuments(db: Db): Promise<PactDocumentSummary[]> {
  const documents: PactDocumentSummary[] = [];
  for (const row of await listAllDocumentVersions(db)) {
    let document = documents.at(-1);
    if (document?.id !== row.id) {
      document = { id: row.id, elections: await electionsOfDocument(db, row.id), versions: [] };
      documents.push(document);
    }
    document.versions.push({
      id: row.id,
      version: Number(row.version),
      title: row.title,
      electionLabel: row.election_label,
      publishedAt: row.published_at,
      createdAt: row.created_at,
    });
  }
  return documents;
}

/** Publishes a draft now; false when it does not exist or was already published. */
export function publishPactVersion(db: Db, id: string, version: number, now = new Date()): Promise<boolean> {
  return publishDocumentVersion(db, id, version, now.toISOString());
}
