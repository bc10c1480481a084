/**
 * Visit requests of mairies: submission (joined to an open one of the same mairie), email
 * confirmation, routing, assignment by a coordinator, the pipeline and its log, visit reports,
 * moderation of declared free-software policies.
 *
 * Service functions (routes and the CLI call these):
 * - `submitRequest(db, mailer, input)` → created | joined | errors (commune choices when ambiguous)
 * - `confirmRequest(db, mailer, token, baseUrl)` → routes the request; « à attribuer » alerts coordinators
 * - `assignRequest(db, mailer, actor, id, organisationId, baseUrl)` → state attribuée, organisation notified
 * - `changeState(db, actor, id, to, details)`, `addNote(db, actor, id, note)`
 * - `saveVisitReport(db, actor, id, input)`, `visitReport(db, id)`
 * - `moderatePolicy(db, actor, id, publish)`
 * - `canActOn(db, user, request)`, `requestDetails`, `requestEvents`, `listRequests`
 */
import { createHash, randomBytes } from 'node:crypto';
import { can } from '../accounts/permissions.ts';
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';
import type { Mailer } from '../mail/mailer.ts';
import { getOrganisationById, organisationMembers, organisationsOfUser } from '../outreach/organisations.service.ts';
import { type CommuneHit, getCommune, searchCommunes } from '../territories/territories.service.ts';
import * as mail from './ambassadors.mail.tsx';
import * as q from './ambassadors.queries.ts';
import {
  checkFields,
  INTERESTS,
  type Interest,
  normalizedEmail,
  parseLinks,
  type RequestErrors,
  type RequestValues,
} from './request.form.ts';
import { proposeOrganisation } from './routing.service.ts';

export const STATES = {
  demandee: 'demandée',
  attribuee: 'attribuée',
  rdv_fixe: 'rendez-vous fixé',
  visitee: 'visitée',
  suivie: 'suivie',
  relancee: 'relancée',
  abandonnee: 'abandonnée',
} as const;
export type State = keyof typeof STATES;

export function isState(value: string): value is State {
  return Object.hasOwn(STATES, value);
}

/** Where each state may go (assignment, which sets « attribuée », is a coordinator's separate action). */
export const TRANSITIONS: Record<State, State[]> = {
  demandee: ['relancee', 'abandonnee'],
  attribuee: ['rdv_fixe', 'visitee', 'relancee', 'abandonnee'],
  rdv_fixe: ['visitee', 'relancee', 'abandonnee'],
  visitee: ['suivie', 'relancee', 'abandonnee'],
  relancee: ['rdv_fixe', 'visitee', 'suivie', 'abandonnee'],
  suivie: ['relancee'],
  abandonnee: ['demandee'],
};

/** The confirmation link sent to the mairie expires after this. */
export const CONFIRM_DAYS = 7;

export interface Actor {
  id: string;
  email: string;
  role: Role;
}

export type VisitRequest = q.VisitRequestRow;
export type RequestListRow = q.RequestListRow;

export class RequestError extends Error {
  override name = 'RequestError';
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

async function logEvent(
  db: Db,
  requestId: string,
  actor: Actor | 'mairie' | 'système',
  kind: string,
  extra: { from?: string | null; to?: string | null; note?: string } = {},
) {
  await q.insertEvent(db, {
    id: newId(),
    request_id: requestId,
    at: nowIso(),
    actor_user_id: typeof actor === 'string' ? null : actor.id,
    actor_label: typeof actor === 'string' ? actor : actor.email,
    kind,
    from_state: extra.from ?? null,
    to_state: extra.to ?? null,
    note: extra.note ?? '',
  });
}

export function interestsOf(request: Pick<VisitRequest, 'interests' | 'interests_other'>): string[] {
  let keys: string[] = [];
  try {
    keys = JSON.parse(request.interests) as string[];
  } catch {
    keys = [];
  }
  return keys
    .filter((k): k is Interest => Object.hasOwn(INTERESTS, k))
    .map((k) => (k === 'autre' && request.interests_other ? `Autre : ${request.interests_other}` : INTERESTS[k]));
}

function frenchDay(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

// --- submission -------------------------------------------------------------------------------

export type SubmitResult =
  | { ok: true; joined: false; request: VisitRequest; communeName: string }
  | { ok: true; joined: true; request: VisitRequest; communeName: string }
  | { ok: false; errors: RequestErrors; choices: CommuneHit[] };

/** The commune the form names: the INSEE code chosen, else an unambiguous search result. */
async function resolveCommune(
  db: Db,
  values: RequestValues,
): Promise<{ insee: string; name: string; departement: string } | { error: string; choices: CommuneHit[] }> {
  if (/^[0-9][0-9AB][0-9]{3}$/.test(values.commune)) {
    const commune = await getCommune(db, values.commune);
    if (commune) return { insee: commune.insee, name: commune.name, departement: commune.departement_code };
  }
  const typed = values.communeQuery || values.commune;
  if (!typed) return { error: 'Indiquez la commune de la mairie (nom ou code postal).', choices: [] };
  const found = await searchCommunes(db, typed, 12);
  const results = found.results.filter((r) => r.kind === 'commune');
  if (results.length === 0) {
    return {
      error: `Commune inconnue : « ${typed.slice(0, 80)} ». Vérifiez l’orthographe ou saisissez le code postal.`,
      choices: [],
    };
  }
  const exact = results.filter((r) => r.name.localeCompare(typed, 'fr', { sensitivity: 'base' }) === 0);
  const only = results.length === 1 ? results[0] : exact.length === 1 ? exact[0] : undefined;
  if (only) return { insee: only.insee, name: only.name, departement: only.departement_code };
  return {
    error:
      'Plusieurs communes correspondent : choisissez la vôtre dans la liste, ou précisez le nom ou le code postal.',
    choices: results,
  };
}

/** An open request of this mairie that can still be joined (confirmed, or its link not yet expired). */
async function joinableRequest(db: Db, insee: string, now: Date): Promise<VisitRequest | undefined> {
  const open = await q.openRequestOfCommune(db, insee);
  if (!open) return undefined;
  if (open.confirmed_at || (open.confirm_expires_at && open.confirm_expires_at > now.toISOString())) return open;
  return undefined;
}

export async function submitRequest(
  db: Db,
  mailer: Mailer,
  { values, baseUrl, now = new Date() }: { values: RequestValues; baseUrl: string; now?: Date },
): Promise<SubmitResult> {
  const errors = checkFields(values);
  const commune = await resolveCommune(db, values);
  if ('error' in commune) errors.commune = commune.error;
  if ('error' in commune || Object.keys(errors).length > 0) {
    return { ok: false, errors, choices: 'choices' in commune ? commune.choices : [] };
  }
  const email = normalizedEmail(values);
  const links = parseLinks(values.policyLinks).links.join('\n');
  const existing = await joinableRequest(db, commune.insee, now);
  if (existing) {
    const interests = [...new Set([...(JSON.parse(existing.interests) as string[]), ...values.interests])];
    await q.updateRequest(db, existing.id, {
      interests: JSON.stringify(interests),
      interests_other: [existing.interests_other, values.interestsOther].filter(Boolean).join(' ; '),
      ...(values.hasPolicy && existing.policy_state === 'none'
        ? { has_policy: 1, policy_description: values.policyDescription, policy_links: links, policy_state: 'pending' }
        : {}),
      updated_at: nowIso(),
    });
    await logEvent(db, existing.id, 'mairie', 'joined', {
      note: [
        `Nouvelle demande jointe : ${values.contactName} (${values.contactRole}), ${email}, ${values.phone}`,
        values.periods ? `Périodes : ${values.periods}` : '',
        values.hasPolicy ? `Politique déclarée : ${values.policyDescription}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    });
    await mailer.send({
      to: email,
      ...mail.requestJoined({
        name: values.contactName,
        commune: commune.name,
        since: frenchDay(existing.created_at),
        stateLabel: STATES[existing.state as State] ?? existing.state,
      }),
    });
    const request = (await q.findRequest(db, existing.id)) as VisitRequest;
    return { ok: true, joined: true, request, communeName: commune.name };
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CONFIRM_DAYS * 86_400_000);
  const at = now.toISOString();
  const request: VisitRequest = {
    id: newId(),
    commune_insee: commune.insee,
    departement_code: commune.departement,
    contact_name: values.contactName,
    contact_role: values.contactRole,
    email,
    phone: values.phone,
    periods: values.periods,
    interests: JSON.stringify(values.interests),
    interests_other: values.interests.includes('autre') ? values.interestsOther : '',
    has_policy: values.hasPolicy ? 1 : 0,
    policy_description: values.hasPolicy ? values.policyDescription : '',
    policy_links: values.hasPolicy ? links : '',
    policy_state: values.hasPolicy ? 'pending' : 'none',
    state: 'demandee',
    state_since: at,
    proposed_organisation_id: null,
    proposed_level: null,
    organisation_id: null,
    ambassador_user_id: null,
    appointment_on: null,
    visited_on: null,
    notes: '',
    confirm_token_hash: hashToken(token),
    confirm_expires_at: expiresAt.toISOString(),
    confirmed_at: null,
    reminded_at: null,
    created_at: at,
    updated_at: at,
  };
  await q.insertRequest(db, request);
  await logEvent(db, request.id, 'mairie', 'created', { to: 'demandee' });
  await mailer.send({
    to: email,
    ...mail.requestConfirmation({
      name: values.contactName,
      commune: commune.name,
      link: `${baseUrl}/mairies/demande-visite/confirmer/${token}`,
      expiresAt,
    }),
  });
  return { ok: true, joined: false, request, communeName: commune.name };
}

// --- confirmation and routing --------------------------------------------------------------------

export type ConfirmResult =
  | { status: 'confirmed' | 'already'; request: VisitRequest; communeName: string; toAssign: boolean }
  | { status: 'expired' | 'unknown' };

export async function confirmRequest(
  db: Db,
  mailer: Mailer,
  token: string,
  baseUrl: string,
  now = new Date(),
): Promise<ConfirmResult> {
  const request = await q.findRequestByToken(db, hashToken(token));
  if (!request) return { status: 'unknown' };
  const commune = await getCommune(db, request.commune_insee);
  const communeName = commune?.name ?? request.commune_insee;
  if (request.confirmed_at) {
    return { status: 'already', request, communeName, toAssign: !request.proposed_organisation_id };
  }
  if (!request.confirm_expires_at || request.confirm_expires_at < now.toISOString()) return { status: 'expired' };
  const proposal = await proposeOrganisation(db, request.commune_insee);
  await q.updateRequest(db, request.id, {
    confirmed_at: now.toISOString(),
    proposed_organisation_id: proposal?.organisationId ?? null,
    proposed_level: proposal?.level ?? null,
    updated_at: nowIso(),
  });
  await logEvent(db, request.id, 'mairie', 'confirmed', {
    note: proposal
      ? `Proposée à ${proposal.organisationName} (${proposal.level})`
      : 'Aucune organisation proche : à attribuer',
  });
  if (!proposal) await alertCoordinators(db, mailer, request, communeName, commune?.departement_name ?? '', baseUrl);
  const updated = (await q.findRequest(db, request.id)) as VisitRequest;
  return { status: 'confirmed', request: updated, communeName, toAssign: !proposal };
}

async function alertCoordinators(
  db: Db,
  mailer: Mailer,
  request: VisitRequest,
  communeName: string,
  departementName: string,
  baseUrl: string,
) {
  const recipients = await q.emailsOfRoles(db, ['coordinator', 'admin']);
  const content = mail.coordinatorsAlert({
    commune: communeName,
    departement: departementName,
    link: `${baseUrl}/espace/ambassadeurs/demandes/${request.id}`,
  });
  for (const to of recipients) await mailer.send({ to, ...content });
  await logEvent(db, request.id, 'système', 'alert', { note: `Coordination alertée (${recipients.length})` });
}

// --- permissions --------------------------------------------------------------------------------

/** Coordinators act on every request; members of the organisation it was given to, on theirs. */
export async function canActOn(db: Db, user: Actor, request: VisitRequest): Promise<boolean> {
  if (can(user.role, 'ambassadors:coordinate')) return true;
  if (!request.organisation_id) return false;
  const memberships = await organisationsOfUser(db, user.id);
  return memberships.some((m) => m.id === request.organisation_id);
}

/** Members see the requests proposed to their organisations too (before a coordinator confirms). */
export async function canSee(db: Db, user: Actor, request: VisitRequest): Promise<boolean> {
  if (await canActOn(db, user, request)) return true;
  if (!request.proposed_organisation_id) return false;
  const memberships = await organisationsOfUser(db, user.id);
  return memberships.some((m) => m.id === request.proposed_organisation_id);
}

// --- assignment and pipeline ---------------------------------------------------------------------

export async function assignRequest(
  db: Db,
  mailer: Mailer,
  actor: Actor,
  id: string,
  organisationId: string,
  baseUrl: string,
): Promise<void> {
  if (!can(actor.role, 'ambassadors:coordinate'))
    throw new RequestError('Seule la coordination attribue les demandes.');
  const request = await q.findRequest(db, id);
  if (!request) throw new RequestError('Demande introuvable.');
  if (!request.confirmed_at) throw new RequestError('La mairie n’a pas encore confirmé sa demande.');
  if (request.state === 'suivie' || request.state === 'abandonnee') {
    throw new RequestError(`La demande est ${STATES[request.state]} : rouvrez-la avant de l’attribuer.`);
  }
  const organisation = await getOrganisationById(db, organisationId);
  if (!organisation) throw new RequestError('Choisissez une organisation.');
  const reassigned = request.organisation_id && request.organisation_id !== organisationId;
  await q.updateRequest(db, id, {
    organisation_id: organisationId,
    state: 'attribuee',
    state_since: nowIso(),
    ambassador_user_id: reassigned ? null : request.ambassador_user_id,
    updated_at: nowIso(),
  });
  await logEvent(db, id, actor, reassigned ? 'reassigned' : 'assigned', {
    from: request.state,
    to: 'attribuee',
    note: organisation.name,
  });
  const details = await q.findRequestDetails(db, id);
  const members = await organisationMembers(db, organisationId);
  const ambassadors = new Set((await q.ambassadorsOf(db, organisationId)).map((a) => a.user_id));
  // The ambassadors and the organisation's coordinators; every member when it has neither.
  const chosen = members.filter((m) => ambassadors.has(m.user_id) || m.role === 'coordinator');
  const recipients = (chosen.length > 0 ? chosen : members).map((m) => m.email);
  const content = mail.organisationAssigned({
    organisation: organisation.name,
    mairie: {
      commune: details?.commune_name ?? request.commune_insee,
      departement: details?.departement_name ?? request.departement_code,
      contactName: request.contact_name,
      contactRole: request.contact_role,
      email: request.email,
      phone: request.phone,
      periods: request.periods,
      interests: interestsOf(request).join(', '),
    },
    link: `${baseUrl}/espace/ambassadeurs/demandes/${id}`,
  });
  for (const to of recipients) await mailer.send({ to, ...content });
}

/** ISO date (yyyy-mm-dd) or undefined. */
function isoDay(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? undefined : value;
}

export async function changeState(
  db: Db,
  actor: Actor,
  id: string,
  to: string,
  details: { note?: string; appointmentOn?: string; ambassadorUserId?: string } = {},
): Promise<void> {
  const request = await q.findRequest(db, id);
  if (!request) throw new RequestError('Demande introuvable.');
  if (!(await canActOn(db, actor, request))) throw new RequestError('Vous ne suivez pas cette demande.');
  if (!isState(to)) throw new RequestError('État inconnu.');
  const from = request.state as State;
  if (!TRANSITIONS[from]?.includes(to)) {
    throw new RequestError(`Passage impossible de « ${STATES[from]} » à « ${STATES[to]} ».`);
  }
  if (to === 'demandee' && !can(actor.role, 'ambassadors:coordinate')) {
    throw new RequestError('Seule la coordination rouvre une demande abandonnée.');
  }
  const appointment = isoDay(details.appointmentOn);
  if (to === 'rdv_fixe' && !appointment) throw new RequestError('Indiquez la date du rendez-vous (jj/mm/aaaa).');
  const note = (details.note ?? '').trim().slice(0, 2000);
  await q.updateRequest(db, id, {
    state: to,
    state_since: nowIso(),
    ...(appointment ? { appointment_on: appointment } : {}),
    ...(to === 'rdv_fixe' || to === 'visitee' ? { ambassador_user_id: request.ambassador_user_id ?? actor.id } : {}),
    ...(to === 'demandee' ? { organisation_id: null } : {}),
    updated_at: nowIso(),
  });
  await logEvent(db, id, actor, 'state', {
    from,
    to,
    note: appointment ? `Rendez-vous le ${appointment}. ${note}`.trim() : note,
  });
}

export async function addNote(db: Db, actor: Actor, id: string, note: string): Promise<void> {
  const request = await q.findRequest(db, id);
  if (!request) throw new RequestError('Demande introuvable.');
  if (!(await canActOn(db, actor, request))) throw new RequestError('Vous ne suivez pas cette demande.');
  const text = note.trim();
  if (!text) throw new RequestError('La note est vide.');
  await logEvent(db, id, actor, 'note', { note: text.slice(0, 2000) });
}

// --- visit report -------------------------------------------------------------------------------

export interface ReportInput {
  visitedOn: string;
  items: string[];
  documentation: boolean;
  usbKey: boolean;
  liveSystem: boolean;
  interests: string;
  nextSteps: string;
}

export async function saveVisitReport(
  db: Db,
  actor: Actor,
  id: string,
  input: ReportInput,
): Promise<{ ok: true } | { ok: false; errors: Partial<Record<keyof ReportInput | 'form', string>> }> {
  const request = await q.findRequest(db, id);
  if (!request) throw new RequestError('Demande introuvable.');
  if (!(await canActOn(db, actor, request))) throw new RequestError('Vous ne suivez pas cette demande.');
  const errors: Partial<Record<keyof ReportInput | 'form', string>> = {};
  const visitedOn = isoDay(input.visitedOn);
  if (!visitedOn) errors.visitedOn = 'Indiquez la date de la visite.';
  else if (visitedOn > new Date().toISOString().slice(0, 10))
    errors.visitedOn = 'La date de la visite est dans le futur.';
  if (input.interests.length > 5000) errors.interests = 'Texte trop long (5 000 caractères au plus).';
  if (input.nextSteps.length > 5000) errors.nextSteps = 'Texte trop long (5 000 caractères au plus).';
  if (!['attribuee', 'rdv_fixe', 'relancee', 'visitee', 'suivie'].includes(request.state)) {
    errors.form = `La demande est « ${STATES[request.state as State]} » : attribuez-la avant de noter la visite.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const known = new Set((await q.kitItems(db, { activeOnly: false })).map((k) => k.id));
  await q.saveReport(
    db,
    {
      request_id: id,
      visited_on: visitedOn as string,
      ambassador_user_id: request.ambassador_user_id ?? actor.id,
      handed_documentation: input.documentation ? 1 : 0,
      handed_usb_key: input.usbKey ? 1 : 0,
      handed_live_system: input.liveSystem ? 1 : 0,
      interests: input.interests.trim(),
      next_steps: input.nextSteps.trim(),
      updated_by: actor.id,
      updated_at: nowIso(),
    },
    input.items.filter((i) => known.has(i)),
  );
  const moves = request.state !== 'visitee' && request.state !== 'suivie';
  await q.updateRequest(db, id, {
    visited_on: visitedOn,
    ambassador_user_id: request.ambassador_user_id ?? actor.id,
    ...(moves ? { state: 'visitee', state_since: nowIso() } : {}),
    updated_at: nowIso(),
  });
  await logEvent(db, id, actor, moves ? 'state' : 'report', {
    from: moves ? request.state : null,
    to: moves ? 'visitee' : null,
    note: `Compte rendu de visite du ${visitedOn}`,
  });
  return { ok: true };
}

export async function visitReport(db: Db, id: string) {
  const [report, checked, items] = await Promise.all([
    q.reportOf(db, id),
    q.reportItemIds(db, id),
    q.kitItems(db, { activeOnly: false }),
  ]);
  return { report, checked: new Set(checked), items };
}

// --- policies ------------------------------------------------------------------------------------

export async function moderatePolicy(db: Db, actor: Actor, id: string, publish: boolean): Promise<void> {
  if (!can(actor.role, 'ambassadors:moderate')) throw new RequestError('Vous ne pouvez pas modérer ces politiques.');
  const request = await q.findRequest(db, id);
  if (!request || request.policy_state === 'none')
    throw new RequestError('Aucune politique déclarée pour cette demande.');
  const state = publish ? 'published' : 'rejected';
  await q.updateRequest(db, id, { policy_state: state, updated_at: nowIso() });
  await logEvent(db, id, actor, 'policy', { note: publish ? 'Politique publiée' : 'Politique refusée' });
}

export const requestDetails = q.findRequestDetails;
export const requestEvents = q.eventsOf;
export const listRequests = q.listRequests;
export const policiesToModerate = q.requestsAwaitingModeration;
export const findRequest = q.findRequest;
