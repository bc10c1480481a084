import type { Db } from '../../db/connection.ts';
import { newId } from '../../db/ids.ts';
import { nowIso } from '../../db/portability.ts';
import { MailError, type Mailer } from '../../mail/mailer.ts';
import { type ComposeOptions, checkUsable, composeLetter, type Letter, letterAsText, type Sender } from './letter.ts';
import * as q from './letters.queries.ts';
import { TemplateError } from './merge-fields.ts';
import { getRecipient, type Recipient, recipientsOfZone, type Zone } from './recipients.service.ts';
import { getTemplate, type ParsedTemplate, parseForUse } from './templates.service.ts';

export type { Letter, Sender } from './letter.ts';
export type { Recipient, Zone } from './recipients.service.ts';

/** Why a letter cannot be produced, in French (an unknown template, recipient or merge field). */
export class LetterError extends Error {
  override name = 'LetterError';
}

/** Loads a template and checks it again before use: nothing is produced from a broken template. */
export async function usableTemplate(db: Db, templateId: string, options: ComposeOptions): Promise<ParsedTemplate> {
  const template = await getTemplate(db, templateId);
  if (!template) throw new LetterError('Ce modèle de lettre n’existe pas.');
  try {
    const parsed = parseForUse(template);
    checkUsable(parsed, options);
    return parsed;
  } catch (error) {
    if (error instanceof TemplateError) throw new LetterError(`Modèle « ${template.name} » : ${error.message}`);
    throw error;
  }
}

export async function recipientOrFail(db: Db, key: string): Promise<Recipient> {
  const recipient = await getRecipient(db, key);
  if (!recipient) throw new LetterError('Cette liste ou cette candidature n’existe pas.');
  return recipient;
}

/** One letter for a list or a candidacy. */
export async function letterFor(
  db: Db,
  templateId: string,
  recipientKey: string,
  sender: Sender,
  options: ComposeOptions,
): Promise<Letter> {
  const template = await usableTemplate(db, templateId, options);
  return composeLetter(template, await recipientOrFail(db, recipientKey), sender, options);
}

/** The letters of a zone, one recipient at a time (the template is checked before the first one). */
export async function lettersOfZone(
  db: Db,
  templateId: string,
  electionId: string,
  zone: Zone,
  sender: Sender,
  options: ComposeOptions,
): Promise<AsyncGenerator<Letter>> {
  const template = await usableTemplate(db, templateId, options);
  if (!(await q.election(db, electionId))) throw new LetterError('Cette élection n’existe pas.');
  return (async function* () {
    for await (const recipient of recipientsOfZone(db, electionId, zone)) {
      yield await composeLetter(template, recipient, sender, options);
    }
  })();
}

export { countRecipientsOfZone } from './recipients.service.ts';

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function letterHtml(letter: Letter): string {
  const paragraphs = [...letter.paragraphs, letter.signatureLines.join('\n')]
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(letter.subject)}</title></head><body>\n${paragraphs}\n</body></html>\n`;
}

export interface SendOutcome {
  id: string;
  status: 'sent' | 'bounced';
  /** The SMTP server's refusal, when bounced. */
  error: string | null;
}

/**
 * Sends a letter by email and records the send with its delivery state: `sent`, or `bounced` when
 * the mail server refused it (the refusal is kept). Replies go to the volunteer.
 */
export async function sendLetterEmail(
  db: Db,
  mailer: Mailer,
  input: {
    templateId: string;
    recipientKey: string;
    email: string;
    sender: Sender;
    actor: { id: string; email: string };
    options: ComposeOptions;
  },
): Promise<SendOutcome> {
  const letter = await letterFor(db, input.templateId, input.recipientKey, input.sender, input.options);
  const recipient = await recipientOrFail(db, input.recipientKey);
  let status: SendOutcome['status'] = 'sent';
  let error: string | null = null;
  let messageId: string | null = null;
  try {
    const sent = await mailer.send({
      to: input.email,
      replyTo: input.actor.email,
      subject: letter.subject,
      text: letterAsText(letter),
      html: letterHtml(letter),
    });
    messageId = sent.messageId;
  } catch (failure) {
    if (!(failure instanceof MailError)) throw failure;
    // An address refused by the form check never left: that is the caller's error, not a bounce.
    if (!failure.cause) throw new LetterError(failure.message);
    status = 'bounced';
    const cause = failure.cause as { response?: string; message?: string };
    error = (cause.response ?? cause.message ?? failure.message).slice(0, 500);
  }
  const id = newId();
  await q.insertSend(db, {
    id,
    template_id: input.templateId,
    list_id: recipient.listId,
    candidacy_id: recipient.listId ? null : recipient.candidacyId,
    email: input.email,
    subject: letter.subject,
    status,
    error,
    message_id: messageId,
    sent_by: input.actor.id,
    sent_at: nowIso(),
  });
  return { id, status, error };
}

export interface SendRecord {
  id: string;
  email: string;
  subject: string;
  status: string;
  error: string | null;
  sentAt: string;
}

/** Emails already sent to a recipient, newest first. */
export async function sendsTo(db: Db, recipientKey: string): Promise<SendRecord[]> {
  const [kind, ...rest] = recipientKey.split(':');
  const id = rest.join(':');
  const rows = await q.sendsOf(db, kind === 'list' ? { listId: id } : { candidacyId: id });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    subject: r.subject,
    status: r.status,
    error: r.error,
    sentAt: r.sent_at,
  }));
}
