import type { Db } from '../db/connection.ts';
import { perDataVersion } from '../db/data-version.ts';
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

/**
 * A commune page: the imports that wrote its ballots' lists and individual candidacies (their
 * `import_id`, as ballotsForCommune reads them) and its current mandates (communeMandates' importIds).
 * No query: finished imports are read once per data version.
 */
export async function provenanceOfCommune(
  db: Db,
  ballots: { lists: { import_id?: string | null }[]; individuals: { import_id?: string | null }[] }[],
  mandateImportIds: string[],
) {
  const wanted = new Set(mandateImportIds);
  for (const b of ballots) {
    for (const l of b.lists) if (l.import_id) wanted.add(l.import_id);
    for (const c of b.individuals) if (c.import_id) wanted.add(c.import_id);
  }
  if (wanted.size === 0) return [];
  const done = await finishedImports(db);
  return items([...wanted].flatMap((id) => done.get(id) ?? []));
}

const finishedImports = perDataVersion(
  async (db: Db) => new Map((await q.finishedImports(db)).map((row) => [row.id, row] as const)),
);

export async function provenanceOfDepartement(db: Db, code: string) {
  return items(await q.importsOfDepartement(db, code));
}

export async function provenanceOfList(db: Db, listId: string) {
  return items(await q.importsOfList(db, listId));
}

export async function provenanceOfPerson(db: Db, personId: string) {
  return items(await q.importsOfPerson(db, personId));
}
