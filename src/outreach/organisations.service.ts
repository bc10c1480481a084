/**
 * Relay organisations (LUG, association, coopérative, entreprise): members and zone.
 *
 * Service functions (other domains call these, never the queries):
 * - `listOrganisations(db)`, `getOrganisation(db, slug)`, `getOrganisationById(db, id)`
 * - `createOrganisation(db, input)` / `updateOrganisation(db, id, input)` → `{ ok, organisation } | { ok: false, errors }`
 * - `organisationMembers(db, id)`, `setMember(db, orgId, userId, role)`, `removeMember(db, orgId, userId)`
 * - `organisationZone(db, id)`, `setOrganisationZone(db, id, text)` (codes: `62498`, `epci:200027183`, `dep:62`)
 * - `organisationsOfUser(db, userId)` → memberships with the member role
 * - `zoneScopeOf(db, user)` → the `ZoneScope` (zone.ts) a user acts in; `organisationScope(id)`
 * - `canManageOrganisation(db, user, orgId)` → account role coordinator/admin or org coordinator
 */
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { normalizeSearch, nowIso } from '../db/portability.ts';
import * as q from './organisations.queries.ts';
import type { ZoneScope } from './zone.ts';

export const ORGANISATION_KINDS = {
  lug: 'Groupe d’utilisateurs de logiciels libres (GULL)',
  association: 'Association',
  cooperative: 'Coopérative',
  entreprise: 'Entreprise',
} as const;
export type OrganisationKind = keyof typeof ORGANISATION_KINDS;

export const MEMBER_ROLES = { member: 'membre', coordinator: 'coordination' } as const;
export type MemberRole = keyof typeof MEMBER_ROLES;

export const ZONE_KINDS = { commune: 'Commune', epci: 'EPCI / EPT', departement: 'Département' } as const;
export type ZoneKind = keyof typeof ZONE_KINDS;

export type Organisation = q.OrganisationRow;

export interface OrganisationInput {
  name: string;
  kind: string;
  website: string;
  description: string;
}

export type OrganisationErrors = Partial<Record<keyof OrganisationInput | 'form', string>>;

export function slugify(name: string): string {
  return normalizeSearch(name).replace(/ /g, '-').slice(0, 60) || 'organisation';
}

function validate(input: OrganisationInput): OrganisationErrors {
  const errors: OrganisationErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Saisissez le nom de l’organisation.';
  else if (name.length > 200) errors.name = 'Nom trop long (200 caractères au plus).';
  if (!(input.kind in ORGANISATION_KINDS)) errors.kind = 'Choisissez le type d’organisation.';
  const website = input.website.trim();
  if (website) {
    const url = URL.canParse(website) ? new URL(website) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      errors.website = 'Adresse de site invalide : elle doit commencer par https:// ou http://.';
    }
  }
  if (input.description.length > 5000) errors.description = 'Description trop longue (5 000 caractères au plus).';
  return errors;
}

export const listOrganisations = q.listOrganisations;
export const getOrganisation = q.findOrganisationBySlug;
export const getOrganisationById = q.findOrganisationById;
export const organisationMembers = q.membersOf;
export const organisationsOfUser = q.membershipsOf;
export const organisationZone = q.zoneOf;

export async function createOrganisation(
  db: Db,
  input: OrganisationInput,
): Promise<{ ok: true; organisation: Organisation } | { ok: false; errors: OrganisationErrors }> {
  const errors = validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const base = slugify(input.name);
  let slug = base;
  for (let n = 2; await q.findOrganisationBySlug(db, slug); n++) slug = `${base}-${n}`;
  const now = nowIso();
  const organisation: Organisation = {
    id: newId(),
    slug,
    name: input.name.trim(),
    kind: input.kind,
    website: input.website.trim() || null,
    description: input.description.trim(),
    created_at: now,
    updated_at: now,
  };
  await q.insertOrganisation(db, organisation);
  return { ok: true, organisation };
}

export async function updateOrganisation(
  db: Db,
  id: string,
  input: OrganisationInput,
): Promise<{ ok: true } | { ok: false; errors: OrganisationErrors }> {
  const errors = validate(input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  await q.updateOrganisation(db, id, {
    name: input.name.trim(),
    kind: input.kind,
    website: input.website.trim() || null,
    description: input.description.trim(),
    updated_at: nowIso(),
  });
  return { ok: true };
}

export async function setMember(db: Db, organisationId: string, userId: string, role: MemberRole) {
  await q.upsertMember(db, organisationId, userId, role, nowIso());
}

export const removeMember = q.deleteMember;

/**
 * Parses a zone typed one entry per line or separated by commas: `62498` (commune INSEE),
 * `epci:200027183`, `dep:62` (or `departement:62`). Unknown codes are refused, naming them.
 */
export async function setOrganisationZone(
  db: Db,
  organisationId: string,
  text: string,
): Promise<{ ok: true; count: number } | { ok: false; error: string }> {
  const entries: { kind: ZoneKind; code: string }[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/[\n,;]+/)) {
    const token = raw.trim();
    if (!token) continue;
    const match = /^(?:(epci|dep|departement|commune)\s*:\s*)?([0-9AB][0-9AB]?[0-9]*)$/i.exec(token);
    const prefix = match?.[1]?.toLowerCase();
    const code = match?.[2]?.toUpperCase() ?? '';
    const kind: ZoneKind | undefined = !match
      ? undefined
      : prefix === 'epci'
        ? 'epci'
        : prefix === 'dep' || prefix === 'departement'
          ? 'departement'
          : 'commune';
    if (!kind) return { ok: false, error: `Entrée de zone illisible : « ${token} ».` };
    const key = `${kind}:${code}`;
    if (!seen.has(key)) {
      seen.add(key);
      entries.push({ kind, code });
    }
  }
  for (const kind of Object.keys(ZONE_KINDS) as ZoneKind[]) {
    const codes = entries.filter((e) => e.kind === kind).map((e) => e.code);
    const known = await q.existingTerritoryCodes(db, kind, codes);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      return { ok: false, error: `${ZONE_KINDS[kind]} inconnu(e) : ${unknown.join(', ')}.` };
    }
  }
  await q.replaceZone(db, organisationId, entries);
  return { ok: true, count: entries.length };
}

/** The zone text shown in the form (the reverse of setOrganisationZone). */
export function zoneText(zone: { kind: string; code: string }[]): string {
  return zone
    .map((z) => (z.kind === 'epci' ? `epci:${z.code}` : z.kind === 'departement' ? `dep:${z.code}` : z.code))
    .join('\n');
}

/** Admins act everywhere; everyone else in the zones of their organisations. */
export async function zoneScopeOf(db: Db, user: { id: string; role: Role }): Promise<ZoneScope> {
  if (user.role === 'admin') return { all: true };
  const memberships = await q.membershipsOf(db, user.id);
  return { all: false, organisationIds: memberships.map((m) => m.id) };
}

export function organisationScope(organisationId: string): ZoneScope {
  return { all: false, organisationIds: [organisationId] };
}

/** Edit an organisation, its members and zone; see its coordination views. */
export async function canManageOrganisation(
  db: Db,
  user: { id: string; role: Role },
  organisationId: string,
): Promise<boolean> {
  if (user.role === 'admin') return true;
  const memberships = await q.membershipsOf(db, user.id);
  const membership = memberships.find((m) => m.id === organisationId);
  if (!membership) return false;
  return user.role === 'coordinator' || membership.role === 'coordinator';
}
