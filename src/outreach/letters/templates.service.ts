import type { Db } from '../../db/connection.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../db/portability.ts';
import * as q from './letters.queries.ts';
import { parseTemplate, type TemplatePart } from './merge-fields.ts';
import { TEMPLATE_SEEDS } from './templates.seed.ts';

export const ELECTION_KINDS: Record<string, string> = {
  municipales: 'Municipales',
  legislatives: 'Législatives',
  europeennes: 'Européennes',
};

export interface LetterTemplate {
  id: string;
  name: string;
  electionKind: string;
  subject: string;
  body: string;
  builtin: boolean;
  version: number;
  updatedAt: string;
}

/** A template checked and split into text and fields, ready to merge. */
export interface ParsedTemplate extends LetterTemplate {
  subjectParts: TemplatePart[];
  bodyParts: TemplatePart[];
}

export interface TemplateInput {
  name: string;
  electionKind: string;
  subject: string;
  body: string;
}

export type TemplateErrors = Partial<Record<keyof TemplateInput | 'form', string>>;

function fromRow(row: q.TemplateRow): LetterTemplate {
  return {
    id: row.id,
    name: row.name,
    electionKind: row.election_kind,
    subject: row.subject,
    body: row.body,
    builtin: row.builtin === 1,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export async function listTemplates(db: Db): Promise<LetterTemplate[]> {
  return (await q.listTemplateRows(db)).map(fromRow);
}

export async function getTemplate(db: Db, id: string): Promise<LetterTemplate | undefined> {
  const row = await q.getTemplateRow(db, id);
  return row && fromRow(row);
}

/** Checks a template's fields (French messages per field; merge fields named when unknown). */
export function checkTemplate(input: TemplateInput): TemplateErrors {
  const errors: TemplateErrors = {};
  if (!input.name.trim()) errors.name = 'Donnez un nom au modèle.';
  else if (input.name.length > 200) errors.name = 'Le nom ne doit pas dépasser 200 caractères.';
  if (!Object.hasOwn(ELECTION_KINDS, input.electionKind)) errors.electionKind = 'Choisissez le type d’élection.';
  for (const key of ['subject', 'body'] as const) {
    if (!input[key].trim()) {
      errors[key] = key === 'subject' ? 'L’objet est obligatoire.' : 'Le texte de la lettre est obligatoire.';
      continue;
    }
    try {
      parseTemplate(input[key]);
    } catch (error) {
      errors[key] = (error as Error).message;
    }
  }
  if (input.subject.includes('\n')) errors.subject ??= 'L’objet tient sur une ligne.';
  if (input.body.length > 20_000) errors.body ??= 'Le texte ne doit pas dépasser 20 000 caractères.';
  return errors;
}

/** Parses a stored template again before use: a template edited in the database is checked too. */
export function parseForUse(template: LetterTemplate): ParsedTemplate {
  return { ...template, subjectParts: parseTemplate(template.subject), bodyParts: parseTemplate(template.body) };
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: TemplateErrors };

export async function createTemplate(db: Db, input: TemplateInput, actor: string): Promise<SaveResult> {
  const errors = checkTemplate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const at = nowIso();
  const id = newId();
  await q.insertTemplateRow(db, {
    id,
    name: input.name.trim(),
    election_kind: input.electionKind,
    subject: input.subject.trim(),
    body: input.body.replace(/\r\n?/g, '\n').trim(),
    builtin: 0,
    version: 1,
    created_at: at,
    updated_at: at,
    updated_by: actor,
  });
  return { ok: true, id };
}

export async function updateTemplate(
  db: Db,
  id: string,
  version: number,
  input: TemplateInput,
  actor: string,
): Promise<SaveResult> {
  const errors = checkTemplate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const saved = await q.updateTemplateRow(db, id, version, {
    name: input.name.trim(),
    election_kind: input.electionKind,
    subject: input.subject.trim(),
    body: input.body.replace(/\r\n?/g, '\n').trim(),
    updated_at: nowIso(),
    updated_by: actor,
  });
  if (!saved) {
    return {
      ok: false,
      errors: {
        form: 'Ce modèle a été modifié par quelqu’un d’autre entre-temps : rechargez la page avant de modifier.',
      },
    };
  }
  return { ok: true, id };
}

/** Deletes a template written by a user (the shipped ones stay). */
export async function deleteTemplate(db: Db, id: string): Promise<void> {
  await q.deleteTemplateRow(db, id);
}

/** The shipped templates (templates.seed.ts), inserted once; edits made since are kept. */
export async function seedLetterTemplates(db: Db): Promise<void> {
  const at = nowIso();
  for (const seed of TEMPLATE_SEEDS) {
    await q.insertTemplateIfMissing(db, {
      id: seed.id,
      name: seed.name,
      election_kind: seed.electionKind,
      subject: seed.subject,
      body: seed.body,
      builtin: 1,
      version: 1,
      created_at: at,
      updated_at: at,
      updated_by: null,
    });
  }
}
