import type { Db } from '../../db/connection.ts';
import type { ZoneScope } from '../zone.ts';
import * as q from './letters.queries.ts';

/**
 * Who a letter goes to: a list (written to its head, the tête de liste) or a candidacy without a
 * list (législatives). Official files give no postal or email address: the recipient block names
 * the person, the list and the commune or circonscription.
 */
export interface Recipient {
  /** `list:<id>` or `candidacy:<id>` */
  key: string;
  listId: string | null;
  candidacyId: string | null;
  electionId: string;
  electionKind: string;
  electionName: string;
  round1: string;
  round2: string;
  /** « Madame », « Monsieur », or « Madame, Monsieur » when the head is unknown. */
  civility: string;
  firstName: string;
  lastName: string;
  listName: string;
  nuance: string;
  communeName: string;
  postcode: string;
  circonscription: string;
  departementName: string;
}

export type Zone = { kind: 'commune' | 'epci' | 'departement'; code: string };

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** « 15 mars 2026 », « 1er juin 2026 » from 2026-03-15. */
export function frenchDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number);
  if (!year || !month || !day) return iso;
  return `${day === 1 ? '1er' : day} ${MONTHS[month - 1]} ${year}`;
}

export function civilityOf(sex: string | null): string {
  if (sex === 'F') return 'Madame';
  if (sex === 'M') return 'Monsieur';
  return 'Madame, Monsieur';
}

/** « 13e circonscription (Pas-de-Calais) », « 1re circonscription (Somme) » from 62-13. */
function circonscriptionLabel(code: string, departementName: string | undefined): string {
  const number = Number(code.split('-')[1]);
  if (!Number.isFinite(number) || number <= 0) return code;
  const ordinal = number === 1 ? '1re' : `${number}e`;
  return departementName ? `${ordinal} circonscription (${departementName})` : `${ordinal} circonscription`;
}

/** Turns query rows into recipients, with communes, départements and round dates looked up in bulk. */
async function build(db: Db, rows: q.RecipientRow[]): Promise<Recipient[]> {
  const insees = new Set<string>();
  const departements = new Set<string>();
  const elections = new Set<string>();
  for (const row of rows) {
    elections.add(row.election_id);
    if (row.territory_kind === 'commune' || row.territory_kind === 'secteur')
      insees.add(row.territory_code.slice(0, 5));
    if (row.territory_kind === 'circonscription') departements.add(row.territory_code.split('-')[0] ?? '');
  }
  const places = new Map((await q.communePlaces(db, [...insees])).map((p) => [p.insee, p]));
  const departementNames = new Map((await q.departementNames(db, [...departements])).map((d) => [d.code, d.name]));
  const rounds = new Map<string, string>();
  for (const r of await q.roundDates(db, [...elections])) rounds.set(`${r.election_id}:${r.number}`, r.date);

  return rows.map((row) => {
    const commune =
      row.territory_kind === 'commune' || row.territory_kind === 'secteur'
        ? places.get(row.territory_code.slice(0, 5))
        : undefined;
    const departementName =
      row.territory_kind === 'circonscription'
        ? (departementNames.get(row.territory_code.split('-')[0] ?? '') ?? '')
        : (commune?.departement_name ?? '');
    const round = (n: number) => {
      const date = rounds.get(`${row.election_id}:${n}`);
      return date ? frenchDate(date) : '';
    };
    return {
      key: row.list_id ? `list:${row.list_id}` : `candidacy:${row.candidacy_id}`,
      listId: row.list_id,
      candidacyId: row.candidacy_id,
      electionId: row.election_id,
      electionKind: row.election_kind,
      electionName: row.election_name,
      round1: round(1),
      round2: round(2),
      civility: civilityOf(row.sex),
      firstName: row.first_name ?? '',
      lastName: row.last_name ?? '',
      listName: row.list_name ?? '',
      nuance: row.nuance_label ?? '',
      communeName: commune?.name ?? (row.territory_kind === 'secteur' ? row.ballot_name : ''),
      postcode: commune?.postcode ?? '',
      circonscription:
        row.territory_kind === 'circonscription' ? circonscriptionLabel(row.territory_code, departementName) : '',
      departementName,
    };
  });
}

/** One recipient by key (`list:…` or `candidacy:…`), or undefined. */
export async function getRecipient(db: Db, key: string): Promise<Recipient | undefined> {
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (!id) return undefined;
  if (kind === 'list') return (await build(db, await q.listRecipientRows(db, { listIds: [id] })))[0];
  if (kind === 'candidacy') {
    const rows = await q.individualRecipientRows(db, { candidacyIds: [id] });
    return (await build(db, rows))[0];
  }
  return undefined;
}

/** How many ballots are read per query in a zone batch (bounds memory for a whole département). */
const BALLOTS_PER_PAGE = 200;

/** The recipients of an election in a zone, page by page (lists first, then individual candidacies). */
export async function* recipientsOfZone(
  db: Db,
  electionId: string,
  zone: Zone,
  scope: ZoneScope = { all: true },
): AsyncGenerator<Recipient> {
  const ballotIds = await q.ballotIdsOfZone(db, electionId, zone, scope);
  for (let i = 0; i < ballotIds.length; i += BALLOTS_PER_PAGE) {
    const page = ballotIds.slice(i, i + BALLOTS_PER_PAGE);
    const rows = [
      ...(await q.listRecipientRows(db, { ballotIds: page })),
      ...(await q.individualRecipientRows(db, { ballotIds: page })),
    ];
    yield* await build(db, rows);
  }
}
