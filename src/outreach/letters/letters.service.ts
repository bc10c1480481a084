import type { Role } from '../../accounts/roles.ts';
import type { Db } from '../../db/connection.ts';
import { newId } from '../../db/ids.ts';
import { MailError, type Mailer } from '../../mail/mailer.ts';
import { createInvitation, listSignaturesForModeration } from '../../pledges/signatures.service.ts';
import { logContact } from '../contacts.service.ts';
import { OutreachError } from '../errors.ts';
import { getOrganisationById, organisationsOfUser, zoneScopeOf } from '../organisations.service.ts';
import { currentReservation, formatDay } from '../reservations.service.ts';
import { assertInZone, resolveTarget, type Target } from '../targets.service.ts';
import { type ComposeOptions, checkUsable, composeLetter, type Letter, letterAsText, type Sender } from './letter.ts';
import * as q from './letters.queries.ts';
import { TemplateError } from './merge-fields.ts';
import { getRecipient, type Recipient, recipientsOfZone, type Zone } from './recipients.service.ts';
import { getTemplate, type ParsedTemplate, parseForUse } from './templates.service.ts';

export type { Letter, Sender } from './letter.ts';
export type { Recipient, Zone } from './recipients.service.ts';
export { getRecipient } from './recipients.service.ts';

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

export type Actor = { id: string; email: string; role: Role };

/** Path of the signing page of a personal invitation (pledges: /signer/invitation/:token). */
export const INVITATION_PATH = '/signer/invitation/';

/**
 * Compose options where {{lien_invitation}} creates one personal signing link per recipient
 * (pledges' invitations, valid 30 days), created by `actorId`.
 */
export function composeOptions(db: Db, baseUrl: string, actorId: string): ComposeOptions {
  return {
    baseUrl,
    async invitationLink(recipient) {
      const ref = recipient.listId ? { listId: recipient.listId } : { candidacyId: recipient.candidacyId };
      const { token } = await createInvitation(db, ref, actorId);
      return `${baseUrl}${INVITATION_PATH}${token}`;
    },
  };
}

/** The outreach target of a recipient, checked to be in the zone of the user's organisations. */
async function targetInZone(db: Db, actor: Actor, recipient: Recipient): Promise<Target> {
  const target = recipient.listId
    ? await resolveTarget(db, 'list', recipient.listId)
    : await resolveTarget(db, 'candidacy', recipient.candidacyId ?? '');
  try {
    await assertInZone(db, actor, target);
  } catch (error) {
    if (error instanceof OutreachError) throw new LetterError(error.message);
    throw error;
  }
  return target;
}

/**
 * Accepts `list:<id>`, `candidacy:<id>` or a bare id (a list's, else a candidacy's); returns the
 * recipient key, or undefined when nothing matches.
 */
export async function resolveRecipientKey(db: Db, input: string): Promise<string | undefined> {
  const value = input.trim();
  if (!value) return undefined;
  if (value.startsWith('list:') || value.startsWith('candidacy:')) {
    return (await getRecipient(db, value))?.key;
  }
  return (await getRecipient(db, `list:${value}`))?.key ?? (await getRecipient(db, `candidacy:${value}`))?.key;
}

/** One letter for a list or a candidacy in the user's zone. */
export async function letterFor(
  db: Db,
  actor: Actor,
  templateId: string,
  recipientKey: string,
  sender: Sender,
  options: ComposeOptions,
): Promise<Letter> {
  const template = await usableTemplate(db, templateId, options);
  const recipient = await recipientOrFail(db, recipientKey);
  await targetInZone(db, actor, recipient);
  return composeLetter(template, recipient, sender, options);
}

/** The sender block pre-filled from the user's first organisation. */
export async function defaultSender(db: Db, user: { id: string; displayName?: string | null }): Promise<Sender> {
  const [membership] = await organisationsOfUser(db, user.id);
  const organisation = membership ? await getOrganisationById(db, membership.id) : undefined;
  return {
    organisationName: organisation?.name ?? '',
    organisationSite: organisation?.website ?? '',
    address: '',
    volunteerName: user.displayName ?? '',
    signature: '',
    place: '',
  };
}

/** The letters of a zone, one recipient at a time (the template is checked before the first one). */
export async function lettersOfZone(
  db: Db,
  actor: Actor,
  templateId: string,
  electionId: string,
  zone: Zone,
  sender: Sender,
  options: ComposeOptions,
): Promise<AsyncGenerator<Letter>> {
  const template = await usableTemplate(db, templateId, options);
  if (!(await q.election(db, electionId))) throw new LetterError('Cette élection n’existe pas.');
  const scope = await zoneScopeOf(db, actor);
  if ((await q.ballotIdsOfZone(db, electionId, zone, scope)).length === 0) {
    throw new LetterError(
      (await q.ballotIdsOfZone(db, electionId, zone)).length === 0
        ? 'Aucune liste ni candidature dans cette zone pour cette élection.'
        : 'Cette zone est hors de la zone de vos organisations.',
    );
  }
  return (async function* () {
    for await (const recipient of recipientsOfZone(db, electionId, zone, scope)) {
      yield await composeLetter(template, recipient, sender, options);
    }
  })();
}

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
 * Sends a letter by email, after checking the template, the zone and that nobody else holds the
 * target. The send is logged as a `courriel` contact with its delivery state (`sent`, or `bounced`
 * when the mail server refused it) and recorded in letter_sends with the server's answer. Replies
 * go to the volunteer.
 */
export async function sendLetterEmail(
  db: Db,
  mailer: Mailer,
  input: {
    templateId: string;
    recipientKey: string;
    email: string;
    sender: Sender;
    actor: Actor;
    options: ComposeOptions;
    organisationId?: string | null;
  },
): Promise<SendOutcome> {
  const { actor } = input;
  const template = await usableTemplate(db, input.templateId, input.options);
  const recipient = await recipientOrFail(db, input.recipientKey);
  const target = await targetInZone(db, actor, recipient);
  const held = await currentReservation(db, target);
  if (held && held.userId !== actor.id) {
    throw new LetterError(
      held.expiresAt
        ? `« ${target.label} » est réservée par ${held.holder} jusqu’au ${formatDay(held.expiresAt)} : c’est à cette personne d’écrire.`
        : `« ${target.label} » est suivie par ${held.holder} : c’est à cette personne d’écrire.`,
    );
  }
  const letter = await composeLetter(template, recipient, input.sender, input.options);
  let status: SendOutcome['status'] = 'sent';
  let error: string | null = null;
  let messageId: string | null = null;
  try {
    const sent = await mailer.send({
      to: input.email,
      replyTo: actor.email,
      subject: letter.subject,
      text: letterAsText(letter),
      html: letterHtml(letter),
    });
    messageId = sent.messageId;
  } catch (failure) {
    if (!(failure instanceof MailError)) throw failure;
    // An address refused by the mailer's own check never left: the caller's error, not a bounce.
    if (!failure.cause) throw new LetterError(failure.message);
    status = 'bounced';
    const cause = failure.cause as { response?: string; message?: string };
    error = (cause.response ?? cause.message ?? failure.message).slice(0, 500);
  }
  const now = new Date();
  const contact = await logContact(
    db,
    actor,
    target,
    {
      channel: 'courriel',
      contactedOn: now.toISOString().slice(0, 10),
      notes:
        status === 'sent'
          ? `Lettre « ${letter.subject} » envoyée par courriel à ${input.email}.`
          : `Lettre « ${letter.subject} » : courriel à ${input.email} refusé par le serveur (${error}).`,
      nextStep: '',
      nextStepDue: '',
      deliveryState: status,
    },
    { organisationId: input.organisationId ?? null, now: now.getTime() },
  );
  const id = newId();
  await q.insertSend(db, {
    id,
    template_id: input.templateId,
    contact_id: contact.id,
    list_id: recipient.listId,
    candidacy_id: recipient.listId ? null : recipient.candidacyId,
    email: input.email,
    subject: letter.subject,
    status,
    error,
    message_id: messageId,
    sent_by: actor.id,
    sent_at: now.toISOString(),
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

export interface KnownEmail {
  email: string;
  /** Where the address comes from, in French. */
  source: string;
}

/**
 * Addresses known for a recipient (official files give none): those of people who signed the pact
 * for this list and accepted to be contacted, and those a letter already reached.
 */
export async function knownEmails(db: Db, recipient: Recipient): Promise<KnownEmail[]> {
  const known = new Map<string, string>();
  if (recipient.listId) {
    const signatures = await listSignaturesForModeration(
      db,
      { listId: recipient.listId, states: ['to_verify', 'published'] },
      { limit: 20 },
    );
    for (const s of signatures) {
      if (s.consentContact && s.fields.email) {
        known.set(s.fields.email, `signature du pacte (${s.fields.firstName} ${s.fields.lastName})`);
      }
    }
  }
  for (const send of await sendsTo(db, recipient.key)) {
    if (send.status === 'sent' && !known.has(send.email)) {
      known.set(send.email, `courriel envoyé le ${send.sentAt.slice(0, 10)}`);
    }
  }
  return [...known].map(([email, source]) => ({ email, source }));
}
