/**
 * The contact log and the candidates' responses.
 *
 * Service functions (the letters module and the routes call these):
 * - `logContact(db, user, target, input, { organisationId?, now? })` → `ContactRecord`
 *   (checks the zone, holds the target's reservation for good, 409 if someone else holds it;
 *   `input.deliveryState` 'sent' | 'bounced' for emails)
 * - `updateContact(db, user, contactId, expectedVersion, input)` — author (or admin) only; 409 when the
 *   version changed (no lost update)
 * - `markFollowUpDone(db, user, contactId)`
 * - `contactsOf(db, target)`, `dueFollowUps(db, userId, today)`
 * - `recordResponse(db, user, target, input, { organisationId?, contactId? })` → id; classification
 *   'sans-reponse' | 'refus' | 'favorable' | 'favorable-engage' | 'signe', level 1–3, consent
 * - `responsesOf(db, target)`, `publishedResponsesOfList(db, listId)`
 * - `pendingResponses(db)`, `moderateResponse(db, moderatorId, id, version, 'published' | 'rejected')`
 *   (a response without the candidate's consent cannot be published)
 */
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { fromBool, nowIso } from '../db/portability.ts';
import * as q from './contacts.queries.ts';
import { OutreachError } from './errors.ts';
import { holdForContact } from './reservations.service.ts';
import { assertInZone, type Target } from './targets.service.ts';

export const CHANNELS = {
  courrier: 'Courrier',
  courriel: 'Courriel',
  telephone: 'Téléphone',
  rencontre: 'Rencontre',
  'reunion-publique': 'Réunion publique',
  'reseaux-sociaux': 'Réseaux sociaux',
} as const;
export type Channel = keyof typeof CHANNELS;

export const CLASSIFICATIONS = {
  'sans-reponse': 'Sans réponse',
  refus: 'Refus',
  favorable: 'Favorable',
  'favorable-engage': 'Favorable et s’engage',
  signe: 'Signé',
} as const;
export type Classification = keyof typeof CLASSIFICATIONS;

/** Seed 004: the commitment levels of the 2020 fact sheet. */
export const LEVELS = {
  1: 'Niveau 1 — premiers pas',
  2: 'Niveau 2 — engagement',
  3: 'Niveau 3 — exemplarité',
} as const;

export interface ContactInput {
  channel: string;
  contactedOn: string;
  notes: string;
  nextStep: string;
  nextStepDue: string;
  deliveryState?: 'sent' | 'bounced' | null;
}

export type ContactErrors = Partial<
  Record<'channel' | 'contactedOn' | 'notes' | 'nextStep' | 'nextStepDue' | 'form', string>
>;

export class ContactValidationError extends Error {
  constructor(readonly errors: ContactErrors) {
    super('Contact invalide');
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isDate(value: string): boolean {
  return (
    DATE.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
  );
}

export function validateContact(input: ContactInput): ContactErrors {
  const errors: ContactErrors = {};
  if (!(input.channel in CHANNELS)) errors.channel = 'Choisissez le canal du contact.';
  if (!input.contactedOn) errors.contactedOn = 'Saisissez la date du contact.';
  else if (!isDate(input.contactedOn)) errors.contactedOn = 'Date invalide (format attendu : AAAA-MM-JJ).';
  if (input.notes.length > 10_000) errors.notes = 'Notes trop longues (10 000 caractères au plus).';
  if (input.nextStep.length > 500) errors.nextStep = 'Prochaine étape trop longue (500 caractères au plus).';
  if (input.nextStepDue && !isDate(input.nextStepDue)) {
    errors.nextStepDue = 'Date invalide (format attendu : AAAA-MM-JJ).';
  } else if (input.nextStepDue && !input.nextStep.trim()) {
    errors.nextStep = 'Décrivez la prochaine étape prévue à cette date.';
  } else if (
    input.nextStepDue &&
    input.contactedOn &&
    isDate(input.contactedOn) &&
    input.nextStepDue < input.contactedOn
  ) {
    errors.nextStepDue = 'L’échéance ne peut pas précéder la date du contact.';
  }
  return errors;
}

export interface ContactRecord {
  id: string;
  version: number;
}

export async function logContact(
  db: Db,
  user: { id: string; role: Role },
  target: Target,
  input: ContactInput,
  options: { organisationId?: string | null; now?: number } = {},
): Promise<ContactRecord> {
  const errors = validateContact(input);
  if (Object.keys(errors).length > 0) throw new ContactValidationError(errors);
  await assertInZone(db, user, target);
  await holdForContact(db, user, target, options);
  const id = newId();
  const now = new Date(options.now ?? Date.now()).toISOString();
  await q.insertContact(db, {
    id,
    target_type: target.type,
    target_id: target.id,
    ballot_id: target.ballotId,
    list_id: target.listId,
    user_id: user.id,
    organisation_id: options.organisationId ?? null,
    channel: input.channel,
    contacted_on: input.contactedOn,
    notes: input.notes.trim(),
    next_step: input.nextStep.trim() || null,
    next_step_due: input.nextStepDue || null,
    next_step_done_at: null,
    delivery_state: input.deliveryState ?? null,
    created_at: now,
    updated_at: now,
  });
  return { id, version: 1 };
}

export async function getContact(db: Db, id: string) {
  const contact = await q.findContact(db, id);
  if (!contact) throw new OutreachError(404, 'Contact introuvable.');
  return contact;
}

function assertAuthor(user: { id: string; role: Role }, contact: { user_id: string | null }) {
  if (contact.user_id !== user.id && user.role !== 'admin') {
    throw new OutreachError(
      403,
      'Ce contact a été enregistré par une autre personne : vous ne pouvez pas le modifier.',
    );
  }
}

export async function updateContact(
  db: Db,
  user: { id: string; role: Role },
  contactId: string,
  expectedVersion: number,
  input: ContactInput,
): Promise<ContactRecord> {
  const contact = await getContact(db, contactId);
  assertAuthor(user, contact);
  const errors = validateContact(input);
  if (Object.keys(errors).length > 0) throw new ContactValidationError(errors);
  const ok = await q.updateContactIfVersion(db, contactId, expectedVersion, {
    channel: input.channel,
    contacted_on: input.contactedOn,
    notes: input.notes.trim(),
    next_step: input.nextStep.trim() || null,
    next_step_due: input.nextStepDue || null,
    ...(input.deliveryState !== undefined ? { delivery_state: input.deliveryState } : {}),
    updated_at: nowIso(),
  });
  if (!ok) {
    throw new OutreachError(
      409,
      'Ce contact a été modifié par ailleurs depuis que vous l’avez ouvert : vos changements n’ont pas été enregistrés. Rechargez la page pour voir la version actuelle, puis refaites vos modifications.',
    );
  }
  return { id: contactId, version: expectedVersion + 1 };
}

export async function markFollowUpDone(db: Db, user: { id: string; role: Role }, contactId: string, version: number) {
  const contact = await getContact(db, contactId);
  assertAuthor(user, contact);
  const ok = await q.updateContactIfVersion(db, contactId, version, {
    next_step_done_at: nowIso(),
    updated_at: nowIso(),
  });
  if (!ok) throw new OutreachError(409, 'Ce contact a été modifié par ailleurs : rechargez la page.');
}

export const contactsOf = (db: Db, target: Target) => q.contactsOfTarget(db, target.type, target.id);
export const dueFollowUps = q.dueFollowUps;

export interface ResponseInput {
  receivedOn: string;
  verbatim: string;
  classification: string;
  level: string;
  consent: boolean;
  document?: { path: string; name: string };
}

export type ResponseErrors = Partial<
  Record<'receivedOn' | 'verbatim' | 'classification' | 'level' | 'document' | 'form', string>
>;

export class ResponseValidationError extends Error {
  constructor(readonly errors: ResponseErrors) {
    super('Réponse invalide');
  }
}

export function validateResponse(input: ResponseInput): ResponseErrors {
  const errors: ResponseErrors = {};
  if (!input.receivedOn) errors.receivedOn = 'Saisissez la date de la réponse.';
  else if (!isDate(input.receivedOn)) errors.receivedOn = 'Date invalide (format attendu : AAAA-MM-JJ).';
  if (!(input.classification in CLASSIFICATIONS)) errors.classification = 'Choisissez la classification de la réponse.';
  if (input.level && !['1', '2', '3'].includes(input.level)) errors.level = 'Le niveau d’engagement est 1, 2 ou 3.';
  if (input.verbatim.length > 50_000) errors.verbatim = 'Texte trop long (50 000 caractères au plus).';
  if (
    !input.verbatim.trim() &&
    !input.document &&
    input.classification !== 'sans-reponse' &&
    input.classification in CLASSIFICATIONS
  ) {
    errors.verbatim = 'Recopiez le texte de la réponse (ou joignez le document reçu).';
  }
  return errors;
}

export async function recordResponse(
  db: Db,
  user: { id: string; role: Role },
  target: Target,
  input: ResponseInput,
  options: { organisationId?: string | null; contactId?: string | null } = {},
): Promise<string> {
  const errors = validateResponse(input);
  if (Object.keys(errors).length > 0) throw new ResponseValidationError(errors);
  await assertInZone(db, user, target);
  const id = newId();
  await q.insertResponse(db, {
    id,
    contact_id: options.contactId ?? null,
    target_type: target.type,
    target_id: target.id,
    ballot_id: target.ballotId,
    list_id: target.listId,
    user_id: user.id,
    organisation_id: options.organisationId ?? null,
    received_on: input.receivedOn,
    verbatim: input.verbatim.trim(),
    document_path: input.document?.path ?? null,
    document_name: input.document?.name ?? null,
    classification: input.classification,
    level: input.level ? Number(input.level) : null,
    consent: fromBool(input.consent),
    moderated_by: null,
    moderated_at: null,
    created_at: nowIso(),
  });
  return id;
}

export const responsesOf = (db: Db, target: Target) => q.responsesOfTarget(db, target.type, target.id);
export const publishedResponsesOfList = q.publishedResponsesOfList;
export const pendingResponses = q.pendingResponses;
export const findResponse = q.findResponse;

export async function moderateResponse(
  db: Db,
  moderatorId: string,
  id: string,
  version: number,
  state: 'published' | 'rejected',
): Promise<void> {
  const response = await q.findResponse(db, id);
  if (!response) throw new OutreachError(404, 'Réponse introuvable.');
  if (state === 'published' && response.consent !== 1) {
    throw new OutreachError(400, 'Cette réponse ne peut pas être publiée : le candidat n’a pas donné son accord.');
  }
  if (!(await q.moderateResponse(db, id, version, state, moderatorId, nowIso()))) {
    throw new OutreachError(409, 'Cette réponse a déjà été traitée par une autre personne.');
  }
}

// ——— Personal-data rights (called by privacy/) ———

const ERASED = '[adresse effacée]';

function mentions(text: string | null, email: string): boolean {
  return (text ?? '').toLowerCase().includes(email);
}

function withoutEmail(text: string, email: string): string {
  return text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), ERASED);
}

/** Where an email address (lower case) appears: letters sent to it, contacts' notes, responses' text. */
export async function outreachDataOfEmail(db: Db, email: string) {
  const [letters, contacts, responses] = await Promise.all([
    q.lettersSentTo(db, email),
    q.contactsMentioning(db, email),
    q.responsesMentioning(db, email),
  ]);
  return {
    letters,
    contacts: contacts.filter((c) => mentions(c.notes, email) || mentions(c.next_step, email)),
    responses: responses.filter((r) => mentions(r.verbatim, email)),
  };
}

/** Erases an email address from the outreach records; returns how many records changed. */
export async function eraseEmailFromOutreach(db: Db, email: string): Promise<number> {
  const found = await outreachDataOfEmail(db, email);
  return db.transaction().execute(async (trx) => {
    const letters = await q.eraseLetterEmail(trx, email);
    for (const c of found.contacts) {
      await q.setContactText(trx, c.id, withoutEmail(c.notes, email), c.next_step && withoutEmail(c.next_step, email));
    }
    for (const r of found.responses) await q.setResponseVerbatim(trx, r.id, withoutEmail(r.verbatim, email));
    return letters + found.contacts.length + found.responses.length;
  });
}

/** Retention: email addresses of letters sent to candidates of these elections; erased unless dryRun. */
export async function eraseLetterEmailsOfElections(db: Db, electionIds: string[], dryRun: boolean): Promise<number> {
  if (electionIds.length === 0) return 0;
  const n = await q.countLetterEmailsOfElections(db, electionIds);
  if (!dryRun && n > 0) await q.eraseLetterEmailsOfElections(db, electionIds);
  return n;
}
