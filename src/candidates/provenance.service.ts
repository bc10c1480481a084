import type { Db } from '../db/connection.ts';
import { CANDIDATE_FORMATS } from './import/formats/index.ts';
import { RNE_FORMATS } from './import/rne/index.ts';
import * as q from './provenance.queries.ts';

/** An official file a page's data came from, and when it was imported. */
export interface ProvenanceItem {
  fileName: string;
  /** Human name of the file's format: « Municipales 2026 — listes candidates (Ministère de l’Intérieur, …) ». */
  formatLabel: string;
  importedAt: string;
}

const FORMAT_LABELS = new Map<string, string>([
  ...CANDIDATE_FORMATS.map((f) => [f.id, f.label] as [string, string]),
  ...RNE_FORMATS.map((f) => [f.id, `Répertoire national des élus — ${f.label}`] as [string, string]),
]);

type ImportRow = Awaited<ReturnType<typeof q.importsOfList>>[number];

/** Latest import of each file, newest first. */
function items(rows: ImportRow[]): ProvenanceItem[] {
  const byFile = new Map<string, ProvenanceItem>();
  for (const r of rows) {
    if (!r.finished_at) continue;
    const key = `${r.format}|${r.file_name}`;
    const previous = byFile.get(key);
    if (previous && previous.importedAt >= r.finished_at) continue;
    byFile.set(key, {
      fileName: r.file_name,
      formatLabel: FORMAT_LABELS.get(r.format) ?? r.format,
      importedAt: r.finished_at,
    });
  }
  return [...byFile.values()].sort((a, b) => b.importedAt.localeCompare(a.importedAt));
}

export async function provenanceOfBallots(db: Db, ballotIds: string[]) {
  return items(await q.importsOfBallots(db, ballotIds));
}

/** A commune page: its ballots' lists and candidacies, and its mayor and councillors. */
export async function provenanceOfCommune(db: Db, insee: string, ballotIds: string[]) {
  const [ballots, mandates] = await Promise.all([
    q.importsOfBallots(db, ballotIds),
    q.importsOfCommuneMandates(db, insee),
  ]);
  return items([...ballots, ...mandates]);
}

export async function provenanceOfDepartement(db: Db, code: string) {
  return items(await q.importsOfDepartement(db, code));
}

export async function provenanceOfList(db: Db, listId: string) {
  return items(await q.importsOfList(db, listId));
}

export async function provenanceOfPerson(db: Db, personId: string) {
  return items(await q.importsOfPerson(db, personId));
}
