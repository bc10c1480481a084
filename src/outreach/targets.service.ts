/**
 * Targets of outreach: a list, or an individual candidacy (no list). A candidacy on a list is
 * reached through its list.
 *
 * - `resolveTarget(db, type, id)` → `Target` (404 OutreachError when unknown)
 * - `assertInZone(db, user, target)` → throws a 403 OutreachError outside the user's zone
 */
import type { Role } from '../accounts/roles.ts';
import type { Db } from '../db/connection.ts';
import { OutreachError } from './errors.ts';
import { organisationScope, organisationsOfUser, zoneScopeOf } from './organisations.service.ts';
import * as q from './targets.queries.ts';

export type { TargetType } from './targets.queries.ts';

export interface Target {
  type: q.TargetType;
  id: string;
  ballotId: string;
  /** The list the target belongs to (itself for a list), for coverage. */
  listId: string | null;
  label: string;
  ballotName: string;
  territoryKind: string;
  territoryCode: string;
  electionId: string;
  nuanceCode: string | null;
}

export function isTargetType(value: string): value is q.TargetType {
  return value === 'list' || value === 'candidacy';
}

export async function resolveTarget(db: Db, type: string, id: string): Promise<Target> {
  if (type === 'list') {
    const row = await q.listTarget(db, id);
    if (row) {
      return {
        type,
        id,
        ballotId: row.ballot_id,
        listId: row.id,
        label: row.label,
        ballotName: row.ballot_name,
        territoryKind: row.territory_kind,
        territoryCode: row.territory_code,
        electionId: row.election_id,
        nuanceCode: row.nuance_code,
      };
    }
  } else if (type === 'candidacy') {
    const row = await q.candidacyTarget(db, id);
    if (row?.list_id) return resolveTarget(db, 'list', row.list_id);
    if (row) {
      return {
        type,
        id,
        ballotId: row.ballot_id,
        listId: null,
        label: row.label,
        ballotName: row.ballot_name,
        territoryKind: row.territory_kind,
        territoryCode: row.territory_code,
        electionId: row.election_id,
        nuanceCode: row.nuance_code,
      };
    }
  }
  throw new OutreachError(404, 'Liste ou candidature introuvable.');
}

export async function assertInZone(db: Db, user: { id: string; role: Role }, target: Target): Promise<void> {
  const scope = await zoneScopeOf(db, user);
  if (!(await q.ballotIsInZone(db, scope, target.ballotId))) {
    throw new OutreachError(
      403,
      `« ${target.label} » (${target.ballotName}) est hors de la zone de vos organisations : vous ne pouvez pas agir sur cette cible.`,
    );
  }
}

/** The organisation credited with an action: the first of the user's whose zone holds the target. */
export async function actingOrganisation(db: Db, user: { id: string }, target: Target): Promise<string | null> {
  for (const membership of await organisationsOfUser(db, user.id)) {
    if (await q.ballotIsInZone(db, organisationScope(membership.id), target.ballotId)) return membership.id;
  }
  return null;
}
