/**
 * Signatures of a pact — the rules. Routes, the CLI and the moderation queue call these functions;
 * nobody else touches the `signatures*` tables.
 *
 * States: pending_confirmation → to_verify → published | rejected | withdrawn (see TRANSITIONS).
 * Every change of state is written to `signature_events` (eventsOf). Nothing is public before
 * `published`; public readers use listPublishedSignatures (its rows never carry phone or email).
 *
 * API
 * - createSignature(db, input, options) — one function for the three channels:
 *     channel 'form'  → state pending_confirmation, a confirmation token (expires after 72 h);
 *     channel 'link'  → state to_verify (the invitation is the proof of identity; pass invitationId,
 *                       or use signWithInvitation which checks and claims the invitation);
 *     channel 'paper' → state to_verify, `enteredBy` = the volunteer who keyed it in (« saisie par »),
 *                       optionally `document` (a scan stored with documents.storage.ts).
 *   The same email signing the same list (or candidacy) twice gives one signature: the result then
 *   has created=false and the existing signature (its token rotated). Callers answer the same way
 *   in both cases (no reveal). Returns `token`: the signatory's private token — it confirms the
 *   signature (/signer/confirmer/:token) while pending, and opens /signer/merci/:token (PDF, upload).
 * - confirmSignature(db, token) → { status: 'confirmed' | 'already' | 'expired' | 'invalid' };
 *   checkConfirmation(db, token) says the same without changing anything.
 * - findSignatureByToken(db, token) → the signature of a private token (merci page).
 * - transitionSignature(db, id, to, actor, reason) — moderation: to_verify → published, → rejected
 *   (reason required, to send to the signatory), → withdrawn…; throws SignatureError in French when
 *   the change is not allowed or someone changed the state first.
 * - mergeSignature(db, duplicateId, keepId, actor) — the duplicate is rejected (merged_into = keepId).
 * - attachDocument(db, id, stored, actor) — records a signed document stored by documents.storage.ts.
 * - getSignature(db, id), eventsOf(db, id).
 * - purgeUnconfirmedSignatures(db, { graceDays }) — deletes signatures never confirmed (personal data).
 * - listSignaturesForModeration(db, filters, page) — every column, private ones included.
 * - listPublishedSignatures(db, filters, page) — public columns only, state published;
 *   filters: electionId, departementCode, communeInsee, listId, personId, nuance, withComment.
 * - countSignatures(db, filters), countSignaturesByState(db, electionId?).
 * - createInvitation / findInvitation / signWithInvitation / revokeInvitation / listInvitations —
 *   personal links for a list or a candidacy (journey 2).
 * - resolveOfficial(db, {listId, candidacyId}) — what the official data says of a list/candidacy
 *   (to pre-fill forms).
 * - pdfFieldsOf(signature.fields), pdfNotesOf(signature) — arguments for renderPactPdf (pact-pdf.ts)
 *   to draw a signature's filled pact.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { fromBool, normalizeSearch, toBool, toCount } from '../db/portability.ts';
import type { StoredDocument } from './documents.storage.ts';
import { getCurrentPact, type PactVariant } from './pact-documents.service.ts';
import type { PactFields } from './pact-fields.ts';
import { insertSignatureAudit } from './signature-audit.queries.ts';
import * as q from './signatures.queries.ts';

export type SignatureState = 'pending_confirmation' | 'to_verify' | 'published' | 'rejected' | 'withdrawn';
export type SignatureChannel = 'form' | 'link' | 'paper';
export const SIGNATURE_STATES: readonly SignatureState[] = [
  'pending_confirmation',
  'to_verify',
  'published',
  'rejected',
  'withdrawn',
];

export const STATE_LABELS: Record<SignatureState, string> = {
  pending_confirmation: 'en attente de confirmation',
  to_verify: 'à vérifier',
  published: 'publiée',
  rejected: 'refusée',
  withdrawn: 'retirée',
};

export const CHANNEL_LABELS: Record<SignatureChannel, string> = {
  form: 'formulaire en ligne',
  link: 'lien personnel',
  paper: 'papier ou scan',
};

/** Allowed changes of state. */
export const TRANSITIONS: Record<SignatureState, readonly SignatureState[]> = {
  pending_confirmation: ['to_verify', 'rejected', 'withdrawn'],
  to_verify: ['published', 'rejected', 'withdrawn'],
  published: ['to_verify', 'rejected', 'withdrawn'],
  rejected: ['to_verify'],
  withdrawn: [],
};

export const CONFIRMATION_HOURS = 72;
export const INVITATION_DAYS = 30;

/** A refused operation, explained in one French sentence. */
export class SignatureError extends Error {}
/** No such signature, or not one of the person asking (both look the same to them). */
export class SignatureNotFoundError extends SignatureError {}

/** The signatory's fields as typed (seed 003's form); stored as text, never interpreted. */
export interface SignatoryFields {
  listName: string;
  listPosition: string;
  parties: string;
  website: string;
  communeName: string;
  postcode: string;
  lastName: string;
  firstName: string;
  phone: string;
  email: string;
  /** « Fait à » */
  place: string;
  /** « le » */
  signedOn: string;
}

export interface NewSignature {
  electionId: string;
  variant: PactVariant;
  channel: SignatureChannel;
  /** Official list / candidacy when known; the commune otherwise (« ma liste n'est pas dans la liste »). */
  listId?: string | null;
  candidacyId?: string | null;
  communeInsee?: string | null;
  fields: SignatoryFields;
  consentPublish: boolean;
  consentContact: boolean;
  comment?: string | null;
  /** Paper: the volunteer who keyed it in. */
  enteredBy?: string | null;
  invitationId?: string | null;
  /** Paper: the scan, already stored with documents.storage.ts. */
  document?: StoredDocument | null;
}

/** A signature as services hand it out (token hashes left out, consents as booleans). */
export interface Signature {
  id: string;
  documentId: string;
  documentVersion: number;
  variant: PactVariant;
  electionId: string;
  ballotId: string | null;
  listId: string | null;
  candidacyId: string | null;
  personId: string | null;
  communeInsee: string | null;
  departementCode: string | null;
  fields: SignatoryFields;
  consentPublish: boolean;
  consentContact: boolean;
  comment: string | null;
  channel: SignatureChannel;
  state: SignatureState;
  mergedInto: string | null;
  confirmationExpiresAt: string | null;
  confirmedAt: string | null;
  publishedAt: string | null;
  invitationId: string | null;
  enteredBy: string | null;
  document: (StoredDocument & { uploadedAt: string | null }) | null;
  createdAt: string;
  updatedAt: string;
}

function toSignature(row: q.SignatureRow): Signature {
  return {
    id: row.id,
    documentId: row.document_id,
    documentVersion: Number(row.document_version),
    variant: row.variant as PactVariant,
    electionId: row.election_id,
    ballotId: row.ballot_id,
    listId: row.list_id,
    candidacyId: row.candidacy_id,
    personId: row.person_id,
    communeInsee: row.commune_insee,
    departementCode: row.departement_code,
    fields: {
      listName: row.list_name,
      listPosition: row.list_position,
      parties: row.parties,
      website: row.website,
      communeName: row.commune_name,
      postcode: row.postcode,
      lastName: row.last_name,
      firstName: row.first_name,
      phone: row.phone,
      email: row.email,
      place: row.place,
      signedOn: row.signed_on,
    },
    consentPublish: toBool(row.consent_publish),
    consentContact: toBool(row.consent_contact),
    comment: row.comment,
    channel: row.channel as SignatureChannel,
    state: row.state as SignatureState,
    mergedInto: row.merged_into,
    confirmationExpiresAt: row.confirmation_expires_at,
    confirmedAt: row.confirmed_at,
    publishedAt: row.published_at,
    invitationId: row.invitation_id,
    enteredBy: row.entered_by,
    document: row.document_path
      ? {
          path: row.document_path,
          contentType: row.document_type ?? 'application/octet-stream',
          size: Number(row.document_size ?? 0),
          sha256: row.document_sha256 ?? '',
          uploadedAt: row.document_uploaded_at,
        }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The fields in the PDF's vocabulary (pact-fields.ts). */
export function pdfFieldsOf(fields: SignatoryFields): PactFields {
  return {
    listName: fields.listName,
    listPosition: fields.listPosition,
    parties: fields.parties,
    website: fields.website,
    commune: fields.communeName,
    postcode: fields.postcode,
    lastName: fields.lastName,
    firstName: fields.firstName,
    phone: fields.phone,
    email: fields.email,
    place: fields.place,
    date: fields.signedOn,
  };
}

/** The lines printed under the signature box of a signature's PDF: choices and reference. */
export function pdfNotesOf(s: Signature): string[] {
  return [
    `Publication de ma réponse ou de mon commentaire : ${s.consentPublish ? 'oui' : 'non'} · Être recontacté·e après l’élection : ${s.consentContact ? 'oui' : 'non'}`,
    `Signature n° ${s.id}, enregistrée le ${s.createdAt.slice(0, 10).split('-').reverse().join('/')} (${CHANNEL_LABELS[s.channel]}).`,
  ];
}

export function newToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

function hex(text: string): string {
  return hashToken(text);
}

/** Same email + same list (or candidacy, or list name typed in a commune) + same variant → same key. */
function dedupKey(input: NewSignature, scope: { listId: string | null; candidacyId: string | null }): string | null {
  const email = input.fields.email.trim().toLowerCase();
  if (!email) return null;
  const target = scope.candidacyId
    ? `candidacy:${scope.candidacyId}`
    : scope.listId
      ? `list:${scope.listId}`
      : `name:${input.communeInsee ?? ''}:${normalizeSearch(input.fields.listName)}`;
  return hex(`${input.electionId}|${input.variant}|${target}|${email}`);
}

export interface OfficialContext {
  electionId: string;
  ballotId: string;
  listId: string | null;
  listName: string | null;
  candidacyId: string | null;
  personId: string | null;
  lastName: string | null;
  firstName: string | null;
  position: number | null;
  website: string | null;
  nuanceCode: string | null;
  communeInsee: string | null;
  communeName: string | null;
  departementCode: string | null;
  postcodes: string[];
}

/** What the official data says about a list or a candidacy (undefined when unknown). */
export async function resolveOfficial(
  db: Db,
  ref: { listId?: string | null; candidacyId?: string | null },
): Promise<OfficialContext | undefined> {
  let base: Omit<OfficialContext, 'communeInsee' | 'communeName' | 'departementCode' | 'postcodes'> & {
    territoryKind: string;
    territoryCode: string;
  };
  if (ref.candidacyId) {
    const c = await q.findCandidacyContext(db, ref.candidacyId);
    if (!c) return undefined;
    base = {
      electionId: c.election_id,
      ballotId: c.ballot_id,
      listId: c.list_id,
      listName: c.list_name,
      candidacyId: c.candidacy_id,
      personId: c.person_id,
      lastName: c.last_name,
      firstName: c.first_name,
      position: c.position === null ? null : Number(c.position),
      website: c.website,
      nuanceCode: c.nuance_code,
      territoryKind: c.territory_kind,
      territoryCode: c.territory_code,
    };
  } else if (ref.listId) {
    const l = await q.findListContext(db, ref.listId);
    if (!l) return undefined;
    base = {
      electionId: l.election_id,
      ballotId: l.ballot_id,
      listId: l.list_id,
      listName: l.list_name,
      candidacyId: null,
      personId: null,
      lastName: null,
      firstName: null,
      position: null,
      website: l.website,
      nuanceCode: l.nuance_code,
      territoryKind: l.territory_kind,
      territoryCode: l.territory_code,
    };
  } else {
    return undefined;
  }
  const { territoryKind, territoryCode, ...rest } = base;
  const commune = territoryKind === 'commune' ? await q.findCommuneBasics(db, territoryCode) : undefined;
  return {
    ...rest,
    communeInsee: commune?.insee ?? null,
    communeName: commune?.name ?? null,
    departementCode:
      commune?.departement_code ?? (territoryKind === 'circonscription' ? (territoryCode.split('-')[0] ?? null) : null),
    postcodes: commune ? await q.postcodesOfCommune(db, commune.insee) : [],
  };
}

/** The postcodes of a commune (for the « code postal ne correspond pas » check). */
export async function communePostcodes(db: Db, insee: string): Promise<string[]> {
  return q.postcodesOfCommune(db, insee);
}

export interface CreatedSignature {
  signature: Signature;
  /** False: the same email had already signed for this list; `signature` is that one. */
  created: boolean;
  /** The signatory's private token (confirmation while pending, then the merci page). */
  token: string;
}

function clip(value: string | null | undefined, max: number): string {
  return (value ?? '').trim().slice(0, max);
}

/** Creates a signature (see the API notes at the top). */
export async function createSignature(
  db: Db,
  input: NewSignature,
  {
    now = new Date(),
    confirmationHours = CONFIRMATION_HOURS,
    alongside,
  }: {
    now?: Date;
    confirmationHours?: number;
    /**
     * Written in the same transaction as the signature (new or existing), e.g. claiming its invitation or
     * queuing the email that carries `token` (src/pledges/signature-mail.jobs.ts).
     */
    alongside?: (trx: Db, signatureId: string, token: string) => Promise<void>;
  } = {},
): Promise<CreatedSignature> {
  const pact = await getCurrentPact(db, input.electionId, now);
  if (!pact) throw new SignatureError('Aucun pacte n’est ouvert à la signature pour cette élection.');
  const official =
    input.listId || input.candidacyId
      ? await resolveOfficial(db, { listId: input.listId, candidacyId: input.candidacyId })
      : undefined;
  if ((input.listId || input.candidacyId) && !official) throw new SignatureError('Liste ou candidature inconnue.');
  if (official && official.electionId !== input.electionId) {
    throw new SignatureError('Cette liste ne se présente pas à cette élection.');
  }
  const communeInsee = official?.communeInsee ?? input.communeInsee ?? null;
  const commune = communeInsee ? await q.findCommuneBasics(db, communeInsee) : undefined;
  if (communeInsee && !commune) throw new SignatureError('Commune inconnue.');
  const scope = { listId: official?.listId ?? null, candidacyId: official?.candidacyId ?? null };
  const key = dedupKey({ ...input, communeInsee }, scope);
  const token = newToken();
  const at = now.toISOString();
  const pending = input.channel === 'form';
  const f = input.fields;
  const row: q.SignatureRow = {
    id: newId(),
    document_id: pact.id,
    document_version: pact.version,
    variant: input.variant,
    election_id: input.electionId,
    ballot_id: official?.ballotId ?? null,
    list_id: scope.listId,
    candidacy_id: scope.candidacyId,
    person_id: official?.personId ?? null,
    commune_insee: communeInsee,
    departement_code: commune?.departement_code ?? official?.departementCode ?? null,
    list_name: clip(f.listName, 300),
    list_position: clip(f.listPosition, 20),
    parties: clip(f.parties, 300),
    website: clip(f.website, 500),
    commune_name: clip(f.communeName, 200),
    postcode: clip(f.postcode, 10),
    last_name: clip(f.lastName, 200),
    first_name: clip(f.firstName, 200),
    phone: clip(f.phone, 40),
    email: clip(f.email, 320).toLowerCase(),
    place: clip(f.place, 200),
    signed_on: clip(f.signedOn, 40),
    consent_publish: fromBool(input.consentPublish),
    consent_contact: fromBool(input.consentContact),
    comment: input.comment?.trim() ? input.comment.trim().slice(0, 5000) : null,
    channel: input.channel,
    state: pending ? 'pending_confirmation' : 'to_verify',
    dedup_key: key,
    merged_into: null,
    confirmation_hash: pending ? hashToken(token) : null,
    confirmation_expires_at: pending ? new Date(now.getTime() + confirmationHours * 3_600_000).toISOString() : null,
    access_hash: hashToken(token),
    confirmed_at: pending ? null : at,
    published_at: null,
    invitation_id: input.invitationId ?? null,
    entered_by: input.enteredBy ?? null,
    document_path: input.document?.path ?? null,
    document_type: input.document?.contentType ?? null,
    document_size: input.document?.size ?? null,
    document_sha256: input.document?.sha256 ?? null,
    document_uploaded_at: input.document ? at : null,
    created_at: at,
    updated_at: at,
  };
  if (key) {
    const existing = await q.findSignatureByDedupKey(db, key);
    if (existing) return duplicate(db, existing, now, confirmationHours, alongside);
  }
  try {
    await db.transaction().execute(async (trx) => {
      await q.insertSignature(trx, row);
      await q.insertEvent(trx, {
        id: newId(),
        signature_id: row.id,
        from_state: null,
        to_state: row.state,
        actor: input.enteredBy ?? null,
        reason: `Signature reçue (${CHANNEL_LABELS[input.channel]})`,
        at,
      });
      await alongside?.(trx, row.id, token);
    });
  } catch (error) {
    if (error instanceof SignatureError) throw error;
    // Two submissions of the same email for the same list at once: the unique key lets one in.
    const existing = key ? await q.findSignatureByDedupKey(db, key) : undefined;
    if (!existing) throw error;
    return duplicate(db, existing, now, confirmationHours, alongside);
  }
  return { signature: toSignature(row), created: true, token };
}

/** The same signatory again: the first signature stays; a fresh token reaches the owner of the email. */
async function duplicate(
  db: Db,
  existing: q.SignatureRow,
  now: Date,
  confirmationHours: number,
  alongside?: (trx: Db, signatureId: string, token: string) => Promise<void>,
): Promise<CreatedSignature> {
  const token = newToken();
  const values: Partial<q.SignatureRow> = { access_hash: hashToken(token) };
  if (existing.state === 'pending_confirmation') {
    values.confirmation_hash = hashToken(token);
    values.confirmation_expires_at = new Date(now.getTime() + confirmationHours * 3_600_000).toISOString();
  }
  await db.transaction().execute(async (trx) => {
    await q.updateSignature(trx, existing.id, values);
    await alongside?.(trx, existing.id, token);
  });
  const row = { ...existing, ...values };
  return { signature: toSignature(row), created: false, token };
}

export type ConfirmResult =
  | { status: 'confirmed' | 'already'; signature: Signature }
  | { status: 'expired' }
  | { status: 'invalid' };

/** What a confirmation link would do, without doing it (the page that asks to press the button). */
export async function checkConfirmation(
  db: Db,
  token: string,
  now = new Date(),
): Promise<'pending' | 'already' | 'expired' | 'invalid'> {
  if (!TOKEN_SHAPE.test(token)) return 'invalid';
  const hash = hashToken(token);
  const row = await q.findSignatureByConfirmationHash(db, hash);
  if (!row) {
    const known = await q.findSignatureByAccessHash(db, hash);
    return known && known.state !== 'pending_confirmation' ? 'already' : 'invalid';
  }
  if (row.state !== 'pending_confirmation') return 'already';
  if (!row.confirmation_expires_at || Date.parse(row.confirmation_expires_at) <= now.getTime()) return 'expired';
  return 'pending';
}

/** Follows a double opt-in link: pending_confirmation → to_verify. Nothing changes for a bad link. */
export async function confirmSignature(db: Db, token: string, now = new Date()): Promise<ConfirmResult> {
  if (!TOKEN_SHAPE.test(token)) return { status: 'invalid' };
  const hash = hashToken(token);
  const row = await q.findSignatureByConfirmationHash(db, hash);
  if (!row) {
    const known = await q.findSignatureByAccessHash(db, hash);
    if (known && known.state !== 'pending_confirmation') return { status: 'already', signature: toSignature(known) };
    return { status: 'invalid' };
  }
  if (row.state !== 'pending_confirmation') return { status: 'already', signature: toSignature(row) };
  if (!row.confirmation_expires_at || Date.parse(row.confirmation_expires_at) <= now.getTime()) {
    return { status: 'expired' };
  }
  const at = now.toISOString();
  const changed = await moveState(db, row, 'to_verify', null, 'Adresse de courriel confirmée', at, {
    confirmed_at: at,
    confirmation_hash: null,
  });
  if (!changed) {
    const again = await q.findSignatureById(db, row.id);
    return again ? { status: 'already', signature: toSignature(again) } : { status: 'invalid' };
  }
  return { status: 'confirmed', signature: toSignature({ ...row, ...changed }) };
}

/** The signature a private token opens (undefined for an unknown or malformed token). */
export async function findSignatureByToken(db: Db, token: string): Promise<Signature | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const row = await q.findSignatureByAccessHash(db, hashToken(token));
  return row ? toSignature(row) : undefined;
}

async function moveState(
  db: Db,
  row: q.SignatureRow,
  to: SignatureState,
  actor: string | null,
  reason: string | null,
  at: string,
  extra: Partial<q.SignatureRow> = {},
): Promise<Partial<q.SignatureRow> | undefined> {
  const values: Partial<q.SignatureRow> = { ...extra, state: to, updated_at: at };
  if (to === 'published') values.published_at = at;
  if (to === 'to_verify' || to === 'rejected' || to === 'withdrawn') values.published_at = null;
  // A rejected or withdrawn signature no longer blocks signing again.
  if (to === 'rejected' || to === 'withdrawn') values.dedup_key = null;
  const changed = await db.transaction().execute(async (trx) => {
    const n = await q.updateSignatureState(trx, row.id, row.state, values);
    if (n === 0) return false;
    await q.insertEvent(trx, {
      id: newId(),
      signature_id: row.id,
      from_state: row.state,
      to_state: to,
      actor,
      reason,
      at,
    });
    return true;
  });
  return changed ? values : undefined;
}

/**
 * A moderator's (or the signatory's) change of state. `reason` is required to reject or withdraw.
 * Throws SignatureError when the signature is unknown, the change not allowed, or the state changed meanwhile.
 */
export async function transitionSignature(
  db: Db,
  id: string,
  to: SignatureState,
  actor: string | null,
  reason: string | null = null,
  now = new Date(),
): Promise<Signature> {
  const row = await q.findSignatureById(db, id);
  if (!row) throw new SignatureError('Signature introuvable.');
  const from = row.state as SignatureState;
  if (!TRANSITIONS[from]?.includes(to)) {
    throw new SignatureError(
      `Une signature ${STATE_LABELS[from]} ne peut pas passer à l’état « ${STATE_LABELS[to]} ».`,
    );
  }
  if ((to === 'rejected' || to === 'withdrawn') && !reason?.trim()) {
    throw new SignatureError('Indiquez la raison.');
  }
  const changed = await moveState(db, row, to, actor, reason?.trim() || null, now.toISOString());
  if (!changed)
    throw new SignatureError('Cette signature vient d’être modifiée par quelqu’un d’autre : rechargez la page.');
  return toSignature({ ...row, ...changed });
}

/** The reason written for a state change that undoes a moderator's decision (the history labels it so). */
export const DECISION_REVERTED = 'Décision annulée';

/**
 * Undoes a moderator's decision (publication, refusal, withdrawal, merge): the signature goes back to
 * the state that decision left, as a new event (who, why). Only while the signature is still in the
 * state the decision put it in. A signature coming back to life takes its place among the signatures
 * of its list again, unless the same email signed the same list since (then merge instead).
 */
export async function revertStateChange(
  db: Db,
  id: string,
  eventId: string,
  actor: string,
  now = new Date(),
): Promise<Signature> {
  const row = await q.findSignatureById(db, id);
  if (!row) throw new SignatureError('Signature introuvable.');
  const event = (await q.eventsOfSignature(db, id)).find((e) => e.id === eventId);
  if (!event?.from_state || event.from_state === event.to_state) throw new SignatureError('Décision introuvable.');
  if (event.to_state !== row.state) {
    throw new SignatureError('Cette signature a changé d’état depuis cette décision : rechargez la page.');
  }
  const to = event.from_state as SignatureState;
  const extra: Partial<q.SignatureRow> = {};
  if (row.merged_into) extra.merged_into = null;
  if ((to === 'pending_confirmation' || to === 'to_verify' || to === 'published') && !row.dedup_key) {
    const key = dedupKey(
      {
        electionId: row.election_id,
        variant: row.variant as PactVariant,
        communeInsee: row.commune_insee,
        fields: { email: row.email, listName: row.list_name },
      } as NewSignature,
      { listId: row.list_id, candidacyId: row.candidacy_id },
    );
    if (key && (await q.findSignatureByDedupKey(db, key))) {
      throw new SignatureError(
        'La même adresse a signé de nouveau pour cette liste depuis : fusionnez plutôt les deux signatures.',
      );
    }
    extra.dedup_key = key;
  }
  const reason = `${DECISION_REVERTED} (${STATE_LABELS[row.state as SignatureState]} → ${STATE_LABELS[to]})`;
  const changed = await moveState(db, row, to, actor, reason, now.toISOString(), extra);
  if (!changed)
    throw new SignatureError('Cette signature vient d’être modifiée par quelqu’un d’autre : rechargez la page.');
  return toSignature({ ...row, ...changed });
}

/** What a moderator may correct in a signature as typed (its state and link have their own actions). */
export const CORRECTABLE = {
  last_name: { label: 'Nom', max: 200, required: true },
  first_name: { label: 'Prénom', max: 200, required: true },
  list_name: { label: 'Nom de la liste', max: 300, required: false },
  list_position: { label: 'Position sur la liste', max: 20, required: false },
  parties: { label: 'Parti(s)', max: 300, required: false },
  website: { label: 'Site web', max: 500, required: false },
} as const;
export type CorrectableField = keyof typeof CORRECTABLE;
export type SignatureCorrection = Partial<Record<CorrectableField, string>>;

/**
 * A moderator corrects what was typed (a misspelt name, a wrong position…). Returns the French
 * errors per field (nothing saved), or the fields changed — audited with the values before and after,
 * so that the history shows them and a moderator can undo the correction.
 */
export async function correctSignatureByModerator(
  db: Db,
  id: string,
  input: SignatureCorrection,
  actor: string,
  now = new Date(),
): Promise<{ errors: Partial<Record<CorrectableField, string>> } | { changed: CorrectableField[] }> {
  const errors: Partial<Record<CorrectableField, string>> = {};
  const wanted: SignatureCorrection = {};
  for (const [field, rule] of Object.entries(CORRECTABLE) as [
    CorrectableField,
    (typeof CORRECTABLE)[CorrectableField],
  ][]) {
    const value = input[field];
    if (value === undefined) continue;
    const trimmed = value.trim();
    if (rule.required && !trimmed) errors[field] = `${rule.label} : ne peut pas être vide.`;
    else if (trimmed.length > rule.max) errors[field] = `${rule.label} : ${rule.max} caractères au plus.`;
    else wanted[field] = trimmed;
  }
  if (Object.keys(errors).length > 0) return { errors };
  const row = await q.findSignatureById(db, id);
  if (!row) throw new SignatureError('Signature introuvable.');
  const changed = (Object.keys(wanted) as CorrectableField[]).filter((f) => wanted[f] !== row[f]);
  if (changed.length === 0) return { changed };
  const at = now.toISOString();
  const after = Object.fromEntries(changed.map((f) => [f, wanted[f]]));
  await db.transaction().execute(async (trx) => {
    await q.updateSignature(trx, id, { ...after, updated_at: at });
    await insertSignatureAudit(trx, {
      actor,
      action: 'moderate',
      signatureId: id,
      before: Object.fromEntries(changed.map((f) => [f, row[f]])),
      after,
      at,
    });
  });
  return { changed };
}

/** Two signatures of the same signatory: `duplicateId` is rejected as a duplicate of `keepId`. */
export async function mergeSignature(db: Db, duplicateId: string, keepId: string, actor: string, now = new Date()) {
  if (duplicateId === keepId) throw new SignatureError('Une signature ne peut pas être fusionnée avec elle-même.');
  const [dup, keep] = await Promise.all([q.findSignatureById(db, duplicateId), q.findSignatureById(db, keepId)]);
  if (!dup || !keep) throw new SignatureError('Signature introuvable.');
  if (keep.merged_into) throw new SignatureError('La signature à garder est elle-même un doublon.');
  if (!TRANSITIONS[dup.state as SignatureState]?.includes('rejected')) {
    throw new SignatureError('Cette signature ne peut plus être fusionnée.');
  }
  const changed = await moveState(db, dup, 'rejected', actor, `Doublon de la signature ${keepId}`, now.toISOString(), {
    merged_into: keepId,
  });
  if (!changed)
    throw new SignatureError('Cette signature vient d’être modifiée par quelqu’un d’autre : rechargez la page.');
}

/** Records the signed document (stored by documents.storage.ts) of a signature; replaces an earlier one. */
export async function attachDocument(
  db: Db,
  id: string,
  stored: StoredDocument,
  actor: string | null,
  now = new Date(),
): Promise<void> {
  const row = await q.findSignatureById(db, id);
  if (!row) throw new SignatureError('Signature introuvable.');
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await q.updateSignature(trx, id, {
      document_path: stored.path,
      document_type: stored.contentType,
      document_size: stored.size,
      document_sha256: stored.sha256,
      document_uploaded_at: at,
      updated_at: at,
    });
    await q.insertEvent(trx, {
      id: newId(),
      signature_id: id,
      from_state: row.state,
      to_state: row.state,
      actor,
      reason: 'Document signé déposé',
      at,
    });
  });
}

/**
 * Personal data of signatures never confirmed is not kept: those whose confirmation link expired
 * more than `graceDays` ago are deleted with their events. Returns how many, and the stored
 * documents (documents.storage.ts paths) the caller should delete.
 */
export async function purgeUnconfirmedSignatures(
  db: Db,
  { now = new Date(), graceDays = 30 }: { now?: Date; graceDays?: number } = {},
): Promise<{ deleted: number; documentPaths: string[] }> {
  const before = new Date(now.getTime() - graceDays * 86_400_000).toISOString();
  const rows = await q.expiredPendingSignatures(db, before);
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    await db.transaction().execute((trx) => q.deleteSignatures(trx, batch));
  }
  return { deleted: ids.length, documentPaths: rows.flatMap((r) => (r.document_path ? [r.document_path] : [])) };
}

export async function getSignature(db: Db, id: string): Promise<Signature | undefined> {
  const row = await q.findSignatureById(db, id);
  return row ? toSignature(row) : undefined;
}

export interface SignatureEvent {
  id: string;
  from: SignatureState | null;
  to: SignatureState;
  actor: string | null;
  reason: string | null;
  at: string;
}

export async function eventsOf(db: Db, id: string): Promise<SignatureEvent[]> {
  const rows = await q.eventsOfSignature(db, id);
  return rows.map((r) => ({
    id: r.id,
    from: r.from_state as SignatureState | null,
    to: r.to_state as SignatureState,
    actor: r.actor,
    reason: r.reason,
    at: r.at,
  }));
}

export type SignatureFilters = q.SignatureFilters;
export interface Page {
  limit?: number;
  offset?: number;
}

export type ModerationSignature = Signature & {
  officialListName: string | null;
  officialCommuneName: string | null;
  officialPosition: number | null;
  nuanceCode: string | null;
};

/** For moderators: every column; default states to_verify. Oldest first. */
export async function listSignaturesForModeration(
  db: Db,
  filters: SignatureFilters = { states: ['to_verify'] },
  { limit = 50, offset = 0 }: Page = {},
): Promise<ModerationSignature[]> {
  const rows = await q.listSignatureRows(db, filters, { limit, offset, order: 'created' });
  return rows.map((r) => ({
    ...toSignature(r),
    officialListName: r.official_list_name,
    officialCommuneName: r.official_commune_name,
    officialPosition: r.official_position === null ? null : Number(r.official_position),
    nuanceCode: r.list_nuance_code ?? r.candidacy_nuance_code,
  }));
}

/** What the public may see of a signature: never phone nor email; the comment only with consent. */
export interface PublicSignature {
  id: string;
  variant: PactVariant;
  electionId: string;
  ballotId: string | null;
  listId: string | null;
  candidacyId: string | null;
  personId: string | null;
  communeInsee: string | null;
  departementCode: string | null;
  /** The official list name when the list is known, else as typed. */
  listName: string;
  listPosition: string;
  parties: string;
  website: string;
  communeName: string;
  lastName: string;
  firstName: string;
  signedOn: string;
  comment: string | null;
  nuanceCode: string | null;
  channel: SignatureChannel;
  documentId: string;
  documentVersion: number;
  publishedAt: string;
}

/** Published signatures, newest first (public columns only). */
export async function listPublishedSignatures(
  db: Db,
  filters: Omit<SignatureFilters, 'states' | 'channel' | 'excludeMerged'> = {},
  { limit = 100, offset = 0 }: Page = {},
): Promise<PublicSignature[]> {
  const rows = await q.listPublicSignatureRows(db, { ...filters, states: ['published'] }, { limit, offset });
  return rows.map((r) => ({
    id: r.id,
    variant: r.variant as PactVariant,
    electionId: r.election_id,
    ballotId: r.ballot_id,
    listId: r.list_id,
    candidacyId: r.candidacy_id,
    personId: r.person_id,
    communeInsee: r.commune_insee,
    departementCode: r.departement_code,
    listName: r.official_list_name ?? r.list_name,
    listPosition: r.list_position,
    parties: r.parties,
    website: r.website,
    communeName: r.official_commune_name ?? r.commune_name,
    lastName: r.last_name,
    firstName: r.first_name,
    signedOn: r.signed_on,
    comment: toBool(r.consent_publish) ? r.comment : null,
    nuanceCode: r.nuance_code,
    channel: r.channel as SignatureChannel,
    documentId: r.document_id,
    documentVersion: Number(r.document_version),
    publishedAt: r.published_at ?? '',
  }));
}

export async function countSignatures(db: Db, filters: SignatureFilters = {}): Promise<number> {
  return toCount((await q.countSignatureRows(db, filters)).n);
}

export async function countSignaturesByState(db: Db, electionId?: string): Promise<Record<SignatureState, number>> {
  const counts = Object.fromEntries(SIGNATURE_STATES.map((s) => [s, 0])) as Record<SignatureState, number>;
  for (const row of await q.countByState(db, electionId)) counts[row.state as SignatureState] = toCount(row.n);
  return counts;
}

// ---- Invitations (journey 2) ----

export interface Invitation {
  id: string;
  electionId: string;
  listId: string | null;
  candidacyId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  usedAt: string | null;
  signatureId: string | null;
}

function toInvitation(r: q.InvitationRow): Invitation {
  return {
    id: r.id,
    electionId: r.election_id,
    listId: r.list_id,
    candidacyId: r.candidacy_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    usedAt: r.used_at,
    signatureId: r.signature_id,
  };
}

/** A personal link for a list or a candidacy already in the data. Returns the raw token (shown once). */
export async function createInvitation(
  db: Db,
  ref: { listId?: string | null; candidacyId?: string | null },
  createdBy: string,
  { now = new Date(), days = INVITATION_DAYS }: { now?: Date; days?: number } = {},
): Promise<{ invitation: Invitation; token: string }> {
  const official = await resolveOfficial(db, ref);
  if (!official) throw new SignatureError('Liste ou candidature inconnue.');
  const token = newToken();
  const row: q.InvitationRow = {
    id: newId(),
    token_hash: hashToken(token),
    election_id: official.electionId,
    list_id: ref.candidacyId ? null : official.listId,
    candidacy_id: official.candidacyId,
    created_by: createdBy,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
    revoked_at: null,
    used_at: null,
    signature_id: null,
  };
  await q.insertInvitation(db, row);
  return { invitation: toInvitation(row), token };
}

export type InvitationLookup =
  | { status: 'valid'; invitation: Invitation; official: OfficialContext }
  | { status: 'expired' | 'revoked' | 'used'; invitation: Invitation }
  | { status: 'invalid' };

export async function findInvitation(db: Db, token: string, now = new Date()): Promise<InvitationLookup> {
  if (!TOKEN_SHAPE.test(token)) return { status: 'invalid' };
  const row = await q.findInvitationByHash(db, hashToken(token));
  if (!row) return { status: 'invalid' };
  const invitation = toInvitation(row);
  if (row.revoked_at) return { status: 'revoked', invitation };
  if (row.used_at) return { status: 'used', invitation };
  if (Date.parse(row.expires_at) <= now.getTime()) return { status: 'expired', invitation };
  const official = await resolveOfficial(db, { listId: row.list_id, candidacyId: row.candidacy_id });
  if (!official) return { status: 'invalid' };
  return { status: 'valid', invitation, official };
}

/**
 * Signs through a personal link: checks it, claims it (single use), creates the signature on the
 * official list/candidacy (channel link, state to_verify). Throws SignatureError for a link no longer valid.
 * The claim and the signature are one transaction: a crash leaves neither a used link without its
 * signature nor a signature whose link can be used again.
 */
export async function signWithInvitation(
  db: Db,
  token: string,
  input: Omit<NewSignature, 'channel' | 'listId' | 'candidacyId' | 'invitationId' | 'electionId' | 'enteredBy'>,
  now = new Date(),
): Promise<CreatedSignature> {
  const found = await findInvitation(db, token, now);
  if (found.status !== 'valid') throw new SignatureError('Ce lien d’invitation n’est plus valable.');
  const { invitation } = found;
  return createSignature(
    db,
    {
      ...input,
      electionId: invitation.electionId,
      channel: 'link',
      listId: invitation.listId,
      candidacyId: invitation.candidacyId,
      invitationId: invitation.id,
    },
    {
      now,
      alongside: async (trx, signatureId) => {
        if ((await q.claimInvitation(trx, invitation.id, now.toISOString())) === 0) {
          throw new SignatureError('Ce lien d’invitation n’est plus valable.');
        }
        await q.updateInvitation(trx, invitation.id, { signature_id: signatureId });
      },
    },
  );
}

/** Revokes a link; only its author or someone allowed to manage every link (`any`). */
export async function revokeInvitation(
  db: Db,
  id: string,
  user: { id: string; any: boolean },
  now = new Date(),
): Promise<void> {
  const row = await q.findInvitationById(db, id);
  if (!row || (!user.any && row.created_by !== user.id)) throw new SignatureError('Invitation introuvable.');
  if (row.revoked_at) return;
  await q.updateInvitation(db, id, { revoked_at: now.toISOString() });
}

export interface InvitationItem extends Invitation {
  listName: string | null;
  candidateName: string | null;
  ballotName: string | null;
}

/** The links a user created (all links when createdBy is undefined), newest first. */
export async function listInvitations(db: Db, createdBy: string | undefined, limit = 200): Promise<InvitationItem[]> {
  const rows = await q.listInvitationRows(db, createdBy, limit);
  return rows.map((r) => ({
    ...toInvitation(r),
    listName: r.list_name,
    candidateName: r.last_name ? `${r.first_name ?? ''} ${r.last_name}`.trim() : null,
    ballotName: r.ballot_name,
  }));
}

// ——— Personal-data rights (called by privacy/) ———

/** The signatures given with an email address, every column (private ones included). */
export async function signaturesOfEmail(db: Db, email: string): Promise<q.SignatureRow[]> {
  return q.signaturesByEmail(db, email.trim().toLowerCase());
}

export interface OwnerCorrection {
  phone?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

/**
 * The signatory corrects their signature: phone and email at any time, names while it is not published.
 * Returns the changed fields (names only, never the values). Throws SignatureError in French.
 */
export async function correctSignatureByOwner(
  db: Db,
  id: string,
  ownerEmail: string,
  changes: OwnerCorrection,
  now = new Date(),
): Promise<string[]> {
  const row = await q.findSignatureById(db, id);
  if (!row || row.email !== ownerEmail.trim().toLowerCase()) throw new SignatureNotFoundError('Signature introuvable.');
  const values: Partial<q.SignatureRow> = {};
  if (changes.phone !== undefined && changes.phone.trim() !== row.phone) values.phone = changes.phone.trim();
  if (changes.email !== undefined && changes.email.trim().toLowerCase() !== row.email) {
    values.email = changes.email.trim().toLowerCase();
    values.dedup_key = row.dedup_key
      ? dedupKey(
          {
            electionId: row.election_id,
            variant: row.variant as PactVariant,
            communeInsee: row.commune_insee,
            fields: { email: values.email, listName: row.list_name },
          } as NewSignature,
          { listId: row.list_id, candidacyId: row.candidacy_id },
        )
      : null;
    if (values.dedup_key && (await q.findSignatureByDedupKey(db, values.dedup_key))) {
      throw new SignatureError('Une signature de la même liste existe déjà avec cette adresse.');
    }
  }
  const editableNames = row.state === 'pending_confirmation' || row.state === 'to_verify';
  for (const [field, column] of [
    ['firstName', 'first_name'],
    ['lastName', 'last_name'],
  ] as const) {
    const value = changes[field]?.trim();
    if (value === undefined || value === row[column]) continue;
    if (!editableNames) throw new SignatureError('Le nom d’une signature publiée ne peut plus être modifié ici.');
    if (!value) throw new SignatureError('Le nom et le prénom ne peuvent pas être vides.');
    values[column] = value;
  }
  const fields = Object.keys(values).filter((k) => k !== 'dedup_key');
  if (fields.length === 0) return [];
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await q.updateSignature(trx, id, { ...values, updated_at: at });
    await q.insertEvent(trx, {
      id: newId(),
      signature_id: id,
      from_state: row.state,
      to_state: row.state,
      actor: null,
      reason: `Corrigée par le signataire (${fields.join(', ')})`,
      at,
    });
  });
  return fields;
}

/**
 * The signatory deletes their signature. A list that signed as a list and is published stays on the
 * public record, anonymised (names, phone, email, signed document removed); any other signature is
 * deleted with its history. Returns what was done and the stored document to delete, if any.
 */
export async function deleteSignatureByOwner(
  db: Db,
  id: string,
  ownerEmail: string,
  now = new Date(),
): Promise<{ outcome: 'deleted' | 'anonymised'; documentPath: string | null; row: q.SignatureRow }> {
  const row = await q.findSignatureById(db, id);
  if (!row || row.email !== ownerEmail.trim().toLowerCase()) throw new SignatureNotFoundError('Signature introuvable.');
  const at = now.toISOString();
  if (row.variant === 'list' && row.state === 'published') {
    await db.transaction().execute(async (trx) => {
      await q.updateSignature(trx, id, {
        first_name: '',
        last_name: '',
        person_id: null,
        candidacy_id: null,
        phone: '',
        email: '',
        dedup_key: null,
        confirmation_hash: null,
        access_hash: null,
        document_path: null,
        document_type: null,
        document_size: null,
        document_sha256: null,
        document_uploaded_at: null,
        updated_at: at,
      });
      await q.insertEvent(trx, {
        id: newId(),
        signature_id: id,
        from_state: row.state,
        to_state: row.state,
        actor: null,
        reason: 'Données personnelles supprimées par le signataire (la signature de la liste reste publique)',
        at,
      });
    });
    return { outcome: 'anonymised', documentPath: row.document_path, row };
  }
  await db.transaction().execute((trx) => q.deleteSignatures(trx, [id]));
  return { outcome: 'deleted', documentPath: row.document_path, row };
}

/** Retention: how many signatures of these elections still hold a phone or an email; erased unless dryRun. */
export async function eraseContactDataOfElections(
  db: Db,
  electionIds: string[],
  { dryRun = false, now = new Date() }: { dryRun?: boolean; now?: Date } = {},
): Promise<number> {
  if (electionIds.length === 0) return 0;
  const rows = await q.signaturesWithContactData(db, electionIds);
  if (dryRun || rows.length === 0) return rows.length;
  const at = now.toISOString();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    await q.eraseContactData(db, batch, at);
  }
  return rows.length;
}

/** How many signatures purgeUnconfirmedSignatures would delete now (a dry run). */
export async function countUnconfirmedToPurge(
  db: Db,
  { now = new Date(), graceDays = 30 }: { now?: Date; graceDays?: number } = {},
): Promise<number> {
  const before = new Date(now.getTime() - graceDays * 86_400_000).toISOString();
  return (await q.expiredPendingSignatures(db, before)).length;
}
