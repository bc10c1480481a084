/**
 * The commitments of a pact as plain text, so that an admin writes a new version in one text area
 * (usually starting from the current version's text) without code:
 *
 *   # 1. Donner la priorité aux logiciels libres et aux formats ouverts
 *   Explanatory paragraphs, separated by a blank line.
 *   - a bulleted line of a paragraph (before any "##", lines starting with "- " are text)
 *   ## Dans les services          ← the actions start: a group heading, or "##" alone for none
 *   - an action
 *     - a sub-action (two spaces)
 *   >> En pratique                 ← an optional closing section, then its paragraphs
 *   [5] https://…                  ← a footnote
 *
 * `serializeCommitments` then `parseCommitments` gives back the same commitments (tested on the 2026 pact).
 */
import type { NewPactVersion } from './pact-documents.service.ts';

export type CommitmentInput = NewPactVersion['commitments'][number];

export function serializeCommitments(commitments: readonly CommitmentInput[]): string {
  const out: string[] = [];
  for (const c of commitments) {
    out.push(`# ${c.number}. ${c.title}`);
    for (const paragraph of c.text) out.push(paragraph, '');
    let group: string | null | undefined;
    for (const action of c.actions) {
      if (action.groupTitle !== group) out.push(action.groupTitle === null ? '##' : `## ${action.groupTitle}`);
      group = action.groupTitle;
      out.push(`${action.level ? '  ' : ''}- ${action.text}`);
    }
    if (c.closingTitle) {
      out.push(`>> ${c.closingTitle}`);
      for (const paragraph of c.closingText ?? []) out.push(paragraph, '');
    }
    for (const note of c.notes ?? []) {
      const [number, ...url] = note.split(' ');
      out.push(`[${number}] ${url.join(' ')}`);
    }
    out.push('');
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export interface ParsedCommitments {
  commitments: CommitmentInput[];
  /** French messages with the line number. */
  errors: string[];
}

export function parseCommitments(text: string): ParsedCommitments {
  const commitments: CommitmentInput[] = [];
  const errors: string[] = [];
  let current: (CommitmentInput & { closingText: string[]; notes: string[] }) | undefined;
  let group: string | null = null;
  let section: 'text' | 'actions' | 'closing' = 'text';
  let paragraph: string[] = [];
  const flush = () => {
    if (!current || paragraph.length === 0) return;
    const joined = paragraph.join('\n');
    if (section === 'closing') current.closingText.push(joined);
    else current.text.push(joined);
    paragraph = [];
  };
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trimEnd();
      const where = `ligne ${index + 1}`;
      const heading = /^# (\d+)\.\s*(.*)$/.exec(line);
      if (heading) {
        flush();
        const title = (heading[2] ?? '').trim();
        if (!title) errors.push(`${where} : l’engagement ${heading[1]} n’a pas de titre.`);
        current = {
          number: Number(heading[1]),
          title,
          text: [],
          actions: [],
          closingTitle: null,
          closingText: [],
          notes: [],
        };
        commitments.push(current);
        group = null;
        section = 'text';
        return;
      }
      if (!current) {
        if (line.trim()) errors.push(`${where} : le texte doit commencer par « # 1. Titre du premier engagement ».`);
        return;
      }
      const groupHeading = /^##(?: (.*))?$/.exec(line);
      const action = /^( {2})?- (.+)$/.exec(line);
      const closing = /^>> (.+)$/.exec(line);
      const note = /^\[(\w+)\] (\S+)$/.exec(line);
      if (groupHeading) {
        flush();
        group = (groupHeading[1] ?? '').trim();
        section = 'actions';
      } else if (action && section === 'actions') {
        flush();
        section = 'actions';
        current.actions.push({ groupTitle: group, level: action[1] ? 1 : 0, text: (action[2] ?? '').trim() });
      } else if (closing) {
        flush();
        current.closingTitle = (closing[1] ?? '').trim();
        section = 'closing';
      } else if (note) {
        flush();
        if (!/^https?:\/\//.test(note[2] ?? ''))
          errors.push(`${where} : la note [${note[1]}] doit être une adresse http(s).`);
        current.notes.push(`${note[1]} ${note[2]}`);
      } else if (line.trim() === '') {
        flush();
      } else if (section === 'actions') {
        errors.push(`${where} : texte inattendu parmi les actions (commencez la ligne par « - » ou « ## »).`);
      } else {
        paragraph.push(line);
      }
    });
  flush();
  if (commitments.length === 0 && errors.length === 0) errors.push('Ajoutez au moins un engagement (« # 1. Titre »).');
  commitments.forEach((c, i) => {
    if (c.number !== i + 1)
      errors.push(`Les engagements doivent être numérotés 1, 2, 3… (« ${c.number}. ${c.title} »).`);
  });
  return { commitments, errors };
}
