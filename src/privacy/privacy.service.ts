/**
 * Personal-data rights (seed 003: access, modification, rectification, deletion) for anyone the
 * platform knows by email — signatory, volunteer, mairie contact.
 *
 * - requestAccessLink(db, mailer, email, baseUrl): when the address holds data, emails a single-use link
 *   valid LINK_MINUTES (`delivery`: the sending, not to be awaited before answering); the caller answers
 *   the same way whether or not it did (no reveal).
 * - openLink(db, token) → an access token valid ACCESS_MINUTES (the link is then used up);
 *   linkStatus(db, token) says whether a link can still be opened; accessEmail(db, access) → email.
 * - personalData(db, email) → everything held, across domains (each domain's service is asked);
 *   toJson / toCsv for downloads.
 * - correctSignature, deleteSignature, deleteAccount, eraseVisitRequests, eraseOutreachMentions: the
 *   owner's actions, each written to audit_log with actor `titulaire:<SHA-256 of the email>` (the
 *   owner, without keeping their address in clear once they deleted it).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { type AccountData, accountOfEmail, anonymiseAccount } from '../accounts/personal-data.service.ts';
import { eraseVisitRequestContacts, visitRequestsOfEmail } from '../ambassadors/retention.service.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { forgetSignature } from '../followup/scorecards.service.ts';
import type { Mailer } from '../mail/mailer.ts';
import { personalDataLink } from '../mail/templates.tsx';
import { csvLine } from '../opendata/csv.ts';
import { eraseEmailFromOutreach, outreachDataOfEmail } from '../outreach/contacts.service.ts';
import { organisationsOfUser } from '../outreach/organisations.service.ts';
import { deleteDocument } from '../pledges/documents.storage.ts';
import {
  correctSignatureByOwner,
  deleteSignatureByOwner,
  type OwnerCorrection,
  signaturesOfEmail,
} from '../pledges/signatures.service.ts';
import * as q from './privacy.queries.ts';
import { SIGNATURE_FIELDS, type SignatureData } from './signature-fields.ts';

export type { SignatureData } from './signature-fields.ts';

export const LINK_MINUTES = 60;
export const ACCESS_MINUTES = 60;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

function newToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

/** Who acted, in the audit log: the owner of the address, pseudonymised. */
export function subjectActor(email: string): string {
  return `titulaire:${hashToken(`privacy|${normalizeEmail(email)}`)}`;
}

async function audit(db: Db, email: string, action: string, entityType: string, entityId: string, detail: object) {
  await q.insertAudit(db, {
    id: newId(),
    at: new Date().toISOString(),
    actor: subjectActor(email),
    action,
    entity_type: entityType,
    entity_id: entityId,
    before: null,
    after: JSON.stringify(detail),
    import_id: null,
  });
}

// ——— What is held ———

export interface PersonalData {
  email: string;
  signatures: SignatureData[];
  account: (AccountData & { organisations: { name: string; role: string }[] }) | null;
  visitRequests: Awaited<ReturnType<typeof visitRequestsOfEmail>>;
  letters: Awaited<ReturnType<typeof outreachDataOfEmail>>['letters'];
  contacts: Awaited<ReturnType<typeof outreachDataOfEmail>>['contacts'];
  responses: Awaited<ReturnType<typeof outreachDataOfEmail>>['responses'];
  /** What the owner did here (access, downloads, corrections, deletions). */
  history: { at: string; action: string; entity_type: string; entity_id: string }[];
}

export async function personalData(db: Db, rawEmail: string): Promise<PersonalData> {
  const email = normalizeEmail(rawEmail);
  const [signatures, account, visitRequests, outreach, history] = await Promise.all([
    signaturesOfEmail(db, email),
    accountOfEmail(db, email),
    visitRequestsOfEmail(db, email),
    outreachDataOfEmail(db, email),
    q.auditOf(db, subjectActor(email)),
  ]);
  const organisations = account ? await organisationsOfUser(db, account.id) : [];
  return {
    email,
    signatures: signatures.map(
      (s) => Object.fromEntries(SIGNATURE_FIELDS.map((f) => [f, s[f]])) as unknown as SignatureData,
    ),
    account: account ? { ...account, organisations: organisations.map((o) => ({ name: o.name, role: o.role })) } : null,
    visitRequests,
    ...outreach,
    history: history.map(({ at, action, entity_type, entity_id }) => ({ at, action, entity_type, entity_id })),
  };
}

export function holdsData(data: PersonalData): boolean {
  return (
    data.signatures.length > 0 ||
    data.account !== null ||
    data.visitRequests.length > 0 ||
    data.letters.length > 0 ||
    data.contacts.length > 0 ||
    data.responses.length > 0
  );
}

export function toJson(data: PersonalData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** One line per value: kind, id, field, value — every kind of record in one sheet. */
export function toCsv(data: PersonalData): string {
  const lines = [csvLine(['type', 'id', 'champ', 'valeur'])];
  const add = (kind: string, id: string, record: object) => {
    for (const [field, value] of Object.entries(record)) {
      if (field === 'id') continue;
      const cell =
        value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : value;
      lines.push(csvLine([kind, id, field, cell as string | number]));
    }
  };
  for (const s of data.signatures) add('signature', String(s.id), s);
  if (data.account) add('compte', data.account.id, data.account);
  for (const r of data.visitRequests) add('demande_visite', r.id, r);
  for (const l of data.letters) add('courrier', l.id, l);
  for (const c of data.contacts) add('contact', c.id, c);
  for (const r of data.responses) add('reponse', r.id, r);
  for (const [i, h] of data.history.entries()) add('historique', String(i + 1), h);
  return `\uFEFF${lines.join('')}`;
}

// ——— The emailed link and the access it opens ———

export async function requestAccessLink(
  db: Db,
  mailer: Mailer,
  rawEmail: string,
  baseUrl: string,
  now = new Date(),
): Promise<{ sent: boolean; delivery?: Promise<unknown> }> {
  const email = normalizeEmail(rawEmail);
  await q.deleteExpiredTokens(db, new Date(now.getTime() - 86_400_000).toISOString());
  if (!holdsData(await personalData(db, email))) return { sent: false };
  const token = newToken();
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
  await q.insertToken(db, {
    id: newId(),
    token_hash: hashToken(token),
    purpose: 'link',
    email,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    used_at: null,
  });
  const link = `${baseUrl}/mes-donnees/acces/${token}`;
  // The caller need not wait for the mail server: answering as fast for a known address as for an
  // unknown one keeps the timing from telling them apart.
  const delivery = mailer.send({ to: email, ...personalDataLink({ baseUrl }, { link, expiresAt }) });
  return { sent: true, delivery };
}

export type LinkStatus = 'ok' | 'expired' | 'used' | 'invalid';

async function findLink(db: Db, token: string) {
  return TOKEN_SHAPE.test(token) ? q.findToken(db, hashToken(token), 'link') : undefined;
}

export async function linkStatus(db: Db, token: string, now = new Date()): Promise<LinkStatus> {
  const row = await findLink(db, token);
  if (!row) return 'invalid';
  if (row.used_at) return 'used';
  return row.expires_at <= now.toISOString() ? 'expired' : 'ok';
}

export type OpenResult = { status: 'ok'; access: string; expiresAt: Date } | { status: Exclude<LinkStatus, 'ok'> };

/** Uses up the emailed link and opens an access for ACCESS_MINUTES. */
export async function openLink(db: Db, token: string, now = new Date()): Promise<OpenResult> {
  const row = await findLink(db, token);
  if (!row) return { status: 'invalid' };
  const at = now.toISOString();
  if (!(await q.claimToken(db, row.id, at))) return { status: row.expires_at <= at ? 'expired' : 'used' };
  const access = newToken();
  const expiresAt = new Date(now.getTime() + ACCESS_MINUTES * 60_000);
  await q.insertToken(db, {
    id: newId(),
    token_hash: hashToken(access),
    purpose: 'access',
    email: row.email,
    created_at: at,
    expires_at: expiresAt.toISOString(),
    used_at: null,
  });
  await audit(db, row.email, 'privacy.access', 'personal_data', subjectActor(row.email), {});
  return { status: 'ok', access, expiresAt };
}

/** The email an access token opens, while valid. */
export async function accessEmail(db: Db, access: string | undefined, now = new Date()): Promise<string | undefined> {
  if (!access || !TOKEN_SHAPE.test(access)) return undefined;
  const row = await q.findToken(db, hashToken(access), 'access');
  return row && row.expires_at > now.toISOString() ? row.email : undefined;
}

export async function recordExport(db: Db, email: string, format: 'json' | 'csv') {
  await audit(db, email, 'privacy.export', 'personal_data', subjectActor(email), { format });
}

// ——— The owner's actions ———

export async function correctSignature(db: Db, email: string, id: string, changes: OwnerCorrection): Promise<string[]> {
  const fields = await correctSignatureByOwner(db, id, email, changes);
  if (fields.length > 0) await audit(db, email, 'privacy.correct', 'signature', id, { fields });
  return fields;
}

export async function deleteSignature(
  db: Db,
  email: string,
  id: string,
  documentsDir: string,
): Promise<'deleted' | 'anonymised'> {
  const { outcome, documentPath, row } = await deleteSignatureByOwner(db, id, email);
  if (documentPath) await deleteDocument(documentsDir, documentPath);
  if (outcome === 'deleted') await forgetSignature(db, id);
  await audit(db, email, outcome === 'deleted' ? 'privacy.delete' : 'privacy.anonymise', 'signature', id, {
    variant: row.variant,
    state: row.state,
    election: row.election_id,
    list: row.list_name,
    commune: row.commune_name,
  });
  return outcome;
}

export async function deleteAccount(db: Db, email: string): Promise<boolean> {
  const account = await accountOfEmail(db, email);
  if (!account) return false;
  await anonymiseAccount(db, account.id);
  await audit(db, email, 'privacy.anonymise', 'user', account.id, { role: account.role });
  return true;
}

export async function eraseVisitRequests(db: Db, email: string): Promise<number> {
  const n = await eraseVisitRequestContacts(db, email);
  if (n > 0) await audit(db, email, 'privacy.delete', 'visit_request_contact', subjectActor(email), { requests: n });
  return n;
}

export async function eraseOutreachMentions(db: Db, email: string): Promise<number> {
  const n = await eraseEmailFromOutreach(db, email);
  if (n > 0) await audit(db, email, 'privacy.delete', 'outreach_mentions', subjectActor(email), { records: n });
  return n;
}

/** Ends an access (« Terminer »). */
export async function closeAccess(db: Db, email: string) {
  await q.deleteTokensOf(db, email);
}
