import type { Db } from '../db/connection.ts';
import { prefixUpperBound } from '../db/portability.ts';

// Which import wrote the rows a public page shows: lists and candidacies keep the id of the import
// that last wrote them (import_id), mandates too.

const IMPORT_COLUMNS = ['i.id', 'i.file_name', 'i.format', 'i.election_id', 'i.finished_at'] as const;

function importsByIds(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('imports as i')
    .select([...IMPORT_COLUMNS])
    .where('i.id', 'in', wanted)
    .where('i.status', '=', 'done')
    .execute();
}

/** Every finished import (a few rows per file imported). */
export function finishedImports(db: Db) {
  return db
    .selectFrom('imports as i')
    .select([...IMPORT_COLUMNS])
    .where('i.status', '=', 'done')
    .execute();
}

/** Imports behind the lists and individual candidacies of some ballots. */
export async function importsOfBallots(db: Db, ballotIds: string[]) {
  if (ballotIds.length === 0) return [];
  const [lists, individuals] = await Promise.all([
    db.selectFrom('lists').select('import_id').distinct().where('ballot_id', 'in', ballotIds).execute(),
    db
      .selectFrom('candidacies')
      .select('import_id')
      .distinct()
      .where('ballot_id', 'in', ballotIds)
      .where('list_id', 'is', null)
      .execute(),
  ]);
  return importsByIds(
    db,
    [...lists, ...individuals].map((r) => r.import_id),
  );
}

/** Imports behind the ballots of a département: its communes' and sectors' codes, its circonscriptions. */
export async function importsOfDepartement(db: Db, code: string) {
  const rows = await db
    .selectFrom('lists as l')
    .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
    .select('l.import_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([
          eb('b.territory_kind', 'in', ['commune', 'secteur']),
          eb('b.territory_code', '>=', code),
          eb('b.territory_code', '<', prefixUpperBound(code)),
        ]),
        eb.and([
          eb('b.territory_kind', '=', 'circonscription'),
          eb('b.territory_code', '>=', `${code}-`),
          eb('b.territory_code', '<', prefixUpperBound(`${code}-`)),
        ]),
      ]),
    )
    .execute();
  const individuals = await db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .select('c.import_id')
    .distinct()
    .where('c.list_id', 'is', null)
    .where('b.territory_kind', '=', 'circonscription')
    .where('b.territory_code', '>=', `${code}-`)
    .where('b.territory_code', '<', prefixUpperBound(`${code}-`))
    .execute();
  return importsByIds(
    db,
    [...rows, ...individuals].map((r) => r.import_id),
  );
}

/** Imports behind a list and its members. */
export async function importsOfList(db: Db, listId: string) {
  const [list, members] = await Promise.all([
    db.selectFrom('lists').select('import_id').where('id', '=', listId).execute(),
    db.selectFrom('candidacies').select('import_id').distinct().where('list_id', '=', listId).execute(),
  ]);
  return importsByIds(
    db,
    [...list, ...members].map((r) => r.import_id),
  );
}

/** Imports behind a person's candidacies and mandates. */
export async function importsOfPerson(db: Db, personId: string) {
  const [candidacies, mandates] = await Promise.all([
    db.selectFrom('candidacies').select('import_id').distinct().where('person_id', '=', personId).execute(),
    db
      .selectFrom('mandate_matches as mm')
      .innerJoin('mandates as m', 'm.id', 'mm.mandate_id')
      .select('m.import_id')
      .distinct()
      .where('mm.person_id', '=', personId)
      .where('mm.status', 'in', ['auto', 'confirmed'])
      .execute(),
  ]);
  return importsByIds(
    db,
    [...candidacies, ...mandates].map((r) => r.import_id),
  );
}
