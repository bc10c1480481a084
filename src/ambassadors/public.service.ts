/**
 * The public record of the programme (/ambassadeurs): mairies that asked for a visit, were visited,
 * and those with a free-software policy (published after moderation). Never the contact's name,
 * email or phone.
 */
import type { Db } from '../db/connection.ts';
import type { Dataset, Row } from '../opendata/dataset.ts';
import { listDepartements } from '../territories/territories.service.ts';
import * as q from './ambassadors.queries.ts';
import { ambassadorCounts } from './ambassadors.service.ts';
import { STATES, type State } from './requests.service.ts';

export interface PublicMairie {
  insee: string;
  commune: string;
  departementCode: string;
  departement: string;
  /** « demandée » until visited (public wording: asked, visit planned, visited). */
  stage: 'demandee' | 'prevue' | 'visitee';
  askedOn: string;
  visitedOn: string | null;
  organisation: string | null;
  organisationSlug: string | null;
  policy: { description: string; links: string[] } | null;
}

export const PUBLIC_STAGES = { demandee: 'visite demandée', prevue: 'visite prévue', visitee: 'visitée' } as const;

function stageOf(state: string): PublicMairie['stage'] {
  if (state === 'visitee' || state === 'suivie') return 'visitee';
  if (state === 'attribuee' || state === 'rdv_fixe' || state === 'relancee') return 'prevue';
  return 'demandee';
}

export async function publicMairies(db: Db): Promise<PublicMairie[]> {
  const rows = await q.publicRequests(db);
  return rows.map((r) => ({
    insee: r.commune_insee,
    commune: r.commune_name,
    departementCode: r.departement_code,
    departement: r.departement_name,
    stage: stageOf(r.state),
    askedOn: r.created_at.slice(0, 10),
    visitedOn: r.visited_on,
    organisation: r.state === 'demandee' ? null : r.organisation_name,
    organisationSlug: r.state === 'demandee' ? null : r.organisation_slug,
    policy:
      r.policy_state === 'published'
        ? { description: r.policy_description, links: r.policy_links.split('\n').filter(Boolean) }
        : null,
  }));
}

export async function publicRecord(db: Db) {
  const [mairies, counts, departements] = await Promise.all([
    publicMairies(db),
    ambassadorCounts(db),
    listDepartements(db),
  ]);
  const byDepartement = new Map<string, { asked: number; visited: number }>();
  for (const m of mairies) {
    const d = byDepartement.get(m.departementCode) ?? { asked: 0, visited: 0 };
    d.asked++;
    if (m.stage === 'visitee') d.visited++;
    byDepartement.set(m.departementCode, d);
  }
  return {
    departements,
    byDepartement,
    mairies,
    visited: mairies.filter((m) => m.stage === 'visitee'),
    asked: mairies.filter((m) => m.stage !== 'visitee'),
    policies: mairies.filter((m) => m.policy),
    counts,
  };
}
export type PublicRecord = Awaited<ReturnType<typeof publicRecord>>;

/** The open-data table: one row per mairie's request, without personal data. */
export function mairiesDataset(db: Db): Dataset {
  return {
    name: 'ambassadeurs-mairies',
    columns: [
      { key: 'code_insee', header: 'Code INSEE', type: 'string' },
      { key: 'commune', header: 'Commune', type: 'string' },
      { key: 'code_departement', header: 'Code département', type: 'string' },
      { key: 'departement', header: 'Département', type: 'string' },
      { key: 'etape', header: 'Étape', type: 'string' },
      { key: 'demandee_le', header: 'Demandée le', type: 'string' },
      { key: 'visitee_le', header: 'Visitée le', type: 'string' },
      { key: 'organisation', header: 'Organisation', type: 'string' },
      { key: 'politique_libre', header: 'Politique du logiciel libre', type: 'boolean' },
      { key: 'politique_description', header: 'Description de la politique', type: 'string' },
      { key: 'politique_liens', header: 'Liens', type: 'string' },
    ],
    async *rows(): AsyncIterable<Row> {
      for (const m of await publicMairies(db)) {
        yield {
          code_insee: m.insee,
          commune: m.commune,
          code_departement: m.departementCode,
          departement: m.departement,
          etape: PUBLIC_STAGES[m.stage],
          demandee_le: m.askedOn,
          visitee_le: m.visitedOn,
          organisation: m.organisation,
          politique_libre: m.policy !== null,
          politique_description: m.policy?.description ?? null,
          politique_liens: m.policy?.links.join(' ') ?? null,
        };
      }
    },
  };
}

export function stateLabel(state: string): string {
  return STATES[state as State] ?? state;
}
