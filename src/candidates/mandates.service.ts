/** Mandates held now (Répertoire national des élus), as public pages show them. */
import type { Db } from '../db/connection.ts';
import { fromJson, jsonArrayFrom, jsonObjectFrom, toCount } from '../db/portability.ts';
import { reusableQuery } from '../db/reusable-query.ts';

/** Links that count as "this person holds the mandate": found alone by the rules, or confirmed. */
const LINKED = ['auto', 'confirmed'];

export interface CommuneMayor {
  firstName: string;
  lastName: string;
  /** Start of the function (else of the mandate), ISO date. */
  since: string | null;
  /** The candidate page of the mayor, when a link to a candidacy is known. */
  personId: string | null;
}

export interface CommuneMandates {
  mayor: CommuneMayor | null;
  /** Municipal councillors in office (mayor and adjoints included); 0 when the RNE file was not imported. */
  councillors: number;
  /** The imports that wrote the commune's current mandates (the page's provenance). */
  importIds: string[];
}

/** The mayor, the councillors' count and the imports behind them, in one query compiled once. */
const communeMandatesQuery = reusableQuery((db: Db, insee: string) =>
  db.selectNoFrom((eb) => [
    jsonObjectFrom(
      db,
      eb
        .selectFrom('mandates as m')
        .select([
          'm.first_name',
          'm.last_name',
          'm.function_start',
          'm.mandate_start',
          (eb) =>
            eb
              .selectFrom('mandate_matches as mm')
              .select('mm.person_id')
              .whereRef('mm.mandate_id', '=', 'm.id')
              .where('mm.status', 'in', LINKED)
              .orderBy('mm.created_at', 'desc')
              .limit(1)
              .as('person_id'),
        ])
        .where('m.commune_code', '=', insee)
        .where('m.mandate', '=', 'maire')
        .where('m.current', '=', 1)
        .orderBy('m.function_start', 'desc')
        .limit(1),
    ).as('mayor'),
    eb
      .selectFrom('mandates')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('commune_code', '=', insee)
      .where('mandate', '=', 'conseiller-municipal')
      .where('current', '=', 1)
      .as('councillors'),
    jsonArrayFrom(
      db,
      eb
        .selectFrom('mandates')
        .select('import_id')
        .distinct()
        .where('commune_code', '=', insee)
        .where('current', '=', 1)
        .where('import_id', 'is not', null),
    ).as('imports'),
  ]),
);

/** The current mayor and the number of municipal councillors of a commune, from the RNE (on every commune page). */
export async function communeMandates(db: Db, insee: string): Promise<CommuneMandates> {
  const [row] = await communeMandatesQuery(db, insee);
  const mayor = fromJson(row?.mayor ?? null);
  return {
    mayor: mayor
      ? {
          firstName: mayor.first_name,
          lastName: mayor.last_name,
          since: mayor.function_start ?? mayor.mandate_start,
          personId: mayor.person_id ?? null,
        }
      : null,
    councillors: toCount(row?.councillors),
    importIds: fromJson(row?.imports ?? []).flatMap((r) => (r.import_id ? [r.import_id] : [])),
  };
}

export interface PersonMandate {
  mandate: string;
  territoryKind: string;
  territoryCode: string;
  territoryName: string | null;
  functionLabel: string | null;
  since: string | null;
}

/** The mandates a person holds now, through links to their candidacies ('auto' or 'confirmed'). */
export async function mandatesOfPerson(db: Db, personId: string): Promise<PersonMandate[]> {
  const rows = await db
    .selectFrom('mandate_matches as mm')
    .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
    .leftJoin('communes as co', 'co.insee', 'm.commune_code')
    .select([
      'm.id',
      'm.mandate',
      'm.territory_kind',
      'm.territory_code',
      'm.territory_name',
      'co.name as commune_name',
      'm.function_label',
      'm.function_start',
      'm.mandate_start',
    ])
    .where('mm.person_id', '=', personId)
    .where('mm.status', 'in', LINKED)
    .where('m.current', '=', 1)
    .orderBy('m.mandate')
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => ({
      mandate: r.mandate,
      territoryKind: r.territory_kind,
      territoryCode: r.territory_code,
      territoryName: r.commune_name ?? r.territory_name,
      functionLabel: r.function_label,
      since: r.function_start ?? r.mandate_start,
    }));
}

/** French label of a mandate kind. */
export const MANDATE_LABELS: Record<string, string> = {
  maire: 'Maire',
  'conseiller-municipal': 'Conseiller municipal',
  'conseiller-communautaire': 'Conseiller communautaire',
  depute: 'Député',
  senateur: 'Sénateur',
};

export interface ElectedCandidacy {
  candidacyId: string;
  listId: string | null;
  ballotId: string;
  personId: string;
  mandateId: string;
  mandate: string;
  territoryKind: string;
  territoryCode: string;
  territoryName: string | null;
  communeCode: string | null;
  functionLabel: string | null;
  mandateStart: string | null;
  /** 0 once the RNE says the mandate ended (« plus en fonction »). */
  current: boolean;
  endedAt: string | null;
}

/**
 * The candidacies of an election linked ('auto' or 'confirmed') to an RNE mandate of the given
 * kinds that started on or after `since` (the first round: a mandate from before was won at an
 * earlier election). Ended mandates are included with `current: false`, so that callers keep history.
 * Used by followup/results.service.ts to mark elected candidacies.
 */
export async function electedCandidaciesOfElection(
  db: Db,
  electionId: string,
  mandateKinds: readonly string[],
  since: string | null,
): Promise<ElectedCandidacy[]> {
  if (mandateKinds.length === 0) return [];
  let query = db
    .selectFrom('mandate_matches as mm')
    .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
    .innerJoin('candidacies as c', 'c.id', 'mm.candidacy_id')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .select([
      'c.id as candidacy_id',
      'c.list_id',
      'c.ballot_id',
      'mm.person_id',
      'm.id as mandate_id',
      'm.mandate',
      'm.territory_kind',
      'm.territory_code',
      'm.territory_name',
      'm.commune_code',
      'm.function_label',
      'm.mandate_start',
      'm.current',
      'm.ended_at',
    ])
    .where('b.election_id', '=', electionId)
    .where('mm.status', 'in', LINKED)
    .where('m.mandate', 'in', mandateKinds);
  if (since) query = query.where('m.mandate_start', '>=', since);
  const rows = await query.orderBy('c.id').orderBy('m.id').execute();
  return rows.map((r) => ({
    candidacyId: r.candidacy_id,
    listId: r.list_id,
    ballotId: r.ballot_id,
    personId: r.person_id,
    mandateId: r.mandate_id,
    mandate: r.mandate,
    territoryKind: r.territory_kind,
    territoryCode: r.territory_code,
    territoryName: r.territory_name,
    communeCode: r.commune_code,
    functionLabel: r.function_label,
    mandateStart: r.mandate_start,
    current: Number(r.current) === 1,
    endedAt: r.ended_at,
  }));
}

export interface DepartementMayor {
  insee: string;
  communeName: string;
  firstName: string;
  lastName: string;
  /** 'M' | 'F' when the RNE says. */
  sex: string | null;
}

/** The current mayors of the communes of a département (RNE), by commune name (letters to every mayor). */
export async function mayorsOfDepartement(db: Db, departement: string): Promise<DepartementMayor[]> {
  const rows = await db
    .selectFrom('mandates as m')
    .innerJoin('communes as c', 'c.insee', 'm.commune_code')
    .select(['c.insee', 'c.name', 'c.search', 'm.first_name', 'm.last_name', 'm.sex', 'm.function_start'])
    .where('m.departement_code', '=', departement)
    .where('m.mandate', '=', 'maire')
    .where('m.current', '=', 1)
    .orderBy('c.search')
    .orderBy('m.function_start', 'desc')
    .execute();
  const seen = new Set<string>();
  return rows
    .filter((r) => !seen.has(r.insee) && seen.add(r.insee))
    .map((r) => ({ insee: r.insee, communeName: r.name, firstName: r.first_name, lastName: r.last_name, sex: r.sex }));
}
