import type { Db } from '../db/connection.ts';
import { getCommune } from '../territories/territories.service.ts';
import * as q from './ambassadors.queries.ts';
import { neighboursOf } from './departement-neighbours.ts';

/** How near the proposed organisation is: its ambassadors cover the commune, its EPCI, its département, a neighbour. */
export const ROUTING_LEVELS = {
  commune: 'couvre la commune',
  epci: 'couvre l’intercommunalité',
  departement: 'couvre le département',
  voisin: 'couvre un département voisin',
} as const;
export type RoutingLevel = keyof typeof ROUTING_LEVELS;

export interface RoutingProposal {
  organisationId: string;
  organisationName: string;
  level: RoutingLevel;
}

/** Where a commune is: itself (and its parent for a municipal arrondissement), its EPCI/EPT, département, neighbours. */
export interface CommunePlace {
  communes: string[];
  epcis: string[];
  departement: string;
}

export async function placeOf(db: Db, insee: string): Promise<CommunePlace | undefined> {
  const commune = await getCommune(db, insee);
  if (!commune) return undefined;
  return {
    communes: [commune.insee, ...(commune.parent_insee ? [commune.parent_insee] : [])],
    epcis: commune.intercommunalities.map((i) => i.code),
    departement: commune.departement_code,
  };
}

/**
 * The nearest organisation with ambassadors for a commune: first one whose coverage names the
 * commune, else its EPCI/EPT, else its département, else a neighbouring département. Among equally
 * near ones, the one with the fewest open requests, then by name. Undefined: « à attribuer ».
 */
export async function proposeOrganisation(db: Db, insee: string): Promise<RoutingProposal | undefined> {
  const place = await placeOf(db, insee);
  if (!place) return undefined;
  const entries = await q.coverageEntries(db);
  if (entries.length === 0) return undefined;
  const neighbours = new Set(neighboursOf(place.departement));
  const levelOf = (e: { kind: string; code: string }): RoutingLevel | undefined => {
    if (e.kind === 'commune' && place.communes.includes(e.code)) return 'commune';
    if (e.kind === 'epci' && place.epcis.includes(e.code)) return 'epci';
    if (e.kind === 'departement' && e.code === place.departement) return 'departement';
    if (e.kind === 'departement' && neighbours.has(e.code)) return 'voisin';
    return undefined;
  };
  const order: RoutingLevel[] = ['commune', 'epci', 'departement', 'voisin'];
  const best = new Map<string, { name: string; rank: number }>();
  for (const e of entries) {
    const level = levelOf(e);
    if (!level) continue;
    const rank = order.indexOf(level);
    const known = best.get(e.organisation_id);
    if (!known || rank < known.rank) best.set(e.organisation_id, { name: e.name, rank });
  }
  if (best.size === 0) return undefined;
  const load = await q.openLoadByOrganisation(db);
  const [winner] = [...best].sort(
    ([a, x], [b, y]) =>
      x.rank - y.rank || (load.get(a) ?? 0) - (load.get(b) ?? 0) || x.name.localeCompare(y.name, 'fr'),
  );
  if (!winner) return undefined;
  const [organisationId, { name, rank }] = winner;
  return { organisationId, organisationName: name, level: order[rank] as RoutingLevel };
}
