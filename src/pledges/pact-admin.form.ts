/** The admin form of a new pact version: its fields as typed, checked, and turned into a NewPactVersion. */
import type { NewPactVersion, PactDocument } from './pact-documents.service.ts';
import { parseCommitments, serializeCommitments } from './pact-markup.ts';

export interface PactForm {
  documentId: string;
  title: string;
  subtitle: string;
  electionLabel: string;
  preamble: string;
  listIntro: string;
  individualIntro: string;
  signingStatement: string;
  instructions: string;
  personalDataNotice: string;
  commitments: string;
  elections: string[];
  publish: boolean;
}

export type PactFormErrors = Partial<Record<keyof PactForm, string>>;

const REQUIRED: [keyof PactForm, string][] = [
  ['title', 'Saisissez le titre.'],
  ['electionLabel', 'Saisissez l’élection telle qu’elle figure sous le titre.'],
  ['preamble', 'Saisissez le préambule.'],
  ['listIntro', 'Saisissez la phrase d’engagement d’une liste.'],
  ['individualIntro', 'Saisissez la phrase d’engagement à titre personnel.'],
  ['signingStatement', 'Saisissez la phrase de signature.'],
  ['personalDataNotice', 'Saisissez la mention sur les données personnelles.'],
];

export const blankPactForm = (): PactForm => ({
  documentId: '',
  title: 'Le Pacte du Logiciel Libre',
  subtitle: 'Pour une société libre',
  electionLabel: '',
  preamble: '',
  listIntro: '',
  individualIntro: '',
  signingStatement: '',
  instructions: '',
  personalDataNotice: '',
  commitments: '',
  elections: [],
  publish: false,
});

/** A form pre-filled from an existing version, to write the next one. */
export function pactFormFrom(pact: PactDocument): PactForm {
  return {
    documentId: pact.id,
    title: pact.title,
    subtitle: pact.subtitle,
    electionLabel: pact.electionLabel,
    preamble: pact.preamble.join('\n\n'),
    listIntro: pact.listIntro,
    individualIntro: pact.individualIntro,
    signingStatement: pact.signingStatement,
    instructions: pact.instructions,
    personalDataNotice: pact.personalDataNotice,
    commitments: serializeCommitments(
      pact.commitments.map((c) => ({
        number: c.number,
        title: c.title,
        text: c.text,
        actions: c.actions.map(({ groupTitle, level, text }) => ({ groupTitle, level, text })),
        closingTitle: c.closingTitle,
        closingText: c.closingText,
        notes: c.notes.map((n) => `${n.number} ${n.url}`),
      })),
    ),
    elections: pact.elections,
    publish: false,
  };
}

export function readPactForm(body: Record<string, unknown>): PactForm {
  const text = (name: keyof PactForm) =>
    typeof body[name] === 'string' ? (body[name] as string).replace(/\r\n?/g, '\n') : '';
  const elections = body.elections;
  return {
    documentId: text('documentId').trim(),
    title: text('title').trim(),
    subtitle: text('subtitle').trim(),
    electionLabel: text('electionLabel').trim(),
    preamble: text('preamble').trim(),
    listIntro: text('listIntro').trim(),
    individualIntro: text('individualIntro').trim(),
    signingStatement: text('signingStatement').trim(),
    instructions: text('instructions').trim(),
    personalDataNotice: text('personalDataNotice').trim(),
    commitments: text('commitments'),
    elections: (Array.isArray(elections) ? elections : [elections]).filter((e): e is string => typeof e === 'string'),
    publish: body.publish === '1',
  };
}

/** The version to store, or the errors by field (French). `knownElections`: ids an admin may pick. */
export function checkPactForm(
  form: PactForm,
  knownElections: readonly string[],
): { ok: true; version: NewPactVersion } | { ok: false; errors: PactFormErrors } {
  const errors: PactFormErrors = {};
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(form.documentId) || form.documentId.length > 80) {
    errors.documentId =
      'Identifiant attendu en minuscules, chiffres et tirets (ex. pacte-logiciel-libre-2027-legislatives).';
  }
  for (const [field, message] of REQUIRED) if (!form[field]) errors[field] = message;
  for (const field of Object.keys(form) as (keyof PactForm)[]) {
    const value = form[field];
    if (typeof value === 'string' && value.length > 50_000)
      errors[field] = 'Texte trop long (50 000 caractères au plus).';
  }
  const unknown = form.elections.filter((e) => !knownElections.includes(e));
  if (form.elections.length === 0) errors.elections = 'Choisissez au moins une élection.';
  else if (unknown.length) errors.elections = `Élection inconnue : ${unknown.join(', ')}.`;
  const parsed = parseCommitments(form.commitments);
  if (parsed.errors.length) errors.commitments = parsed.errors.slice(0, 5).join(' ');
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    version: {
      title: form.title,
      subtitle: form.subtitle,
      electionLabel: form.electionLabel,
      preamble: form.preamble
        .split(/\n{2,}/)
        .map((p) => p.trim())
        .filter(Boolean),
      listIntro: form.listIntro,
      individualIntro: form.individualIntro,
      signingStatement: form.signingStatement,
      instructions: form.instructions,
      personalDataNotice: form.personalDataNotice,
      publishedAt: form.publish ? new Date().toISOString() : null,
      commitments: parsed.commitments,
    },
  };
}
