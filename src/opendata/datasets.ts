import { largeReadPageSize, selectArrays } from '../db/array-rows.ts';
import type { Db } from '../db/connection.ts';
import type { Cell, Column, Dataset, Row } from './dataset.ts';
import { keysetPages, rowsOfPages } from './dataset.ts';

/**
 * The public datasets. Only public fields: no contact detail, no birth date, nothing about accounts.
 * Large tables are read in keyset pages (by primary key) so an export streams on both databases.
 */
export interface DatasetFilters {
  election?: string;
  departement?: string;
}

const col = (key: string, header: string, type: Column['type'] = 'string'): Column => ({ key, header, type });

const bool = (value: number | null | undefined) => (value === null || value === undefined ? null : value === 1);

// ——— communes ———

const communeColumns = [
  col('code_insee', 'Code INSEE'),
  col('nom', 'Nom'),
  col('type', 'Type'),
  col('code_departement', 'Code département'),
  col('departement', 'Département'),
  col('code_region', 'Code région'),
  col('region', 'Région'),
  col('population', 'Population', 'number'),
  col('codes_postaux', 'Codes postaux'),
];

export function communesDataset(db: Db, filters: DatasetFilters = {}): Dataset {
  const page = (after: string | undefined, size: number) => {
    let query = db
      .selectFrom('communes as c')
      .innerJoin('departements as d', 'd.code', 'c.departement_code')
      .innerJoin('regions as r', 'r.code', 'c.region_code')
      .select([
        'c.insee',
        'c.name',
        'c.kind',
        'c.departement_code',
        'd.name as departement_name',
        'c.region_code',
        'r.name as region_name',
        'c.population',
      ])
      .orderBy('c.insee')
      .limit(size);
    if (after !== undefined) query = query.where('c.insee', '>', after);
    if (filters.departement) query = query.where('c.departement_code', '=', filters.departement);
    return query.execute();
  };
  return {
    name: filters.departement ? `communes-${filters.departement}` : 'communes',
    columns: communeColumns,
    async *rows() {
      for await (const communes of keysetPages(page, (c) => c.insee)) {
        const postcodes = await db
          .selectFrom('postcodes')
          .select(['insee', 'postcode'])
          .where(
            'insee',
            'in',
            communes.map((c) => c.insee),
          )
          .orderBy('postcode')
          .execute();
        const byInsee = Map.groupBy(postcodes, (p) => p.insee);
        for (const c of communes) {
          yield {
            code_insee: c.insee,
            nom: c.name,
            type: c.kind,
            code_departement: c.departement_code,
            departement: c.departement_name,
            code_region: c.region_code,
            region: c.region_name,
            population: c.population === null ? null : Number(c.population),
            codes_postaux: [...new Set((byInsee.get(c.insee) ?? []).map((p) => p.postcode))].join(' '),
          } satisfies Row;
        }
      }
    },
  };
}

// ——— elections ———

export function electionsDataset(db: Db, filters: DatasetFilters = {}): Dataset {
  return {
    name: 'elections',
    columns: [
      col('id', 'Identifiant'),
      col('nom', 'Nom'),
      col('type', 'Type'),
      col('annee', 'Année', 'number'),
      col('portee', 'Portée'),
      col('tour_1', 'Date du 1er tour'),
      col('tour_2', 'Date du 2d tour'),
    ],
    async *rows() {
      let query = db.selectFrom('elections').selectAll().orderBy('year').orderBy('id');
      if (filters.election) query = query.where('id', '=', filters.election);
      const [elections, rounds] = await Promise.all([
        query.execute(),
        db.selectFrom('election_rounds').selectAll().execute(),
      ]);
      for (const e of elections) {
        const date = (n: number) => rounds.find((r) => r.election_id === e.id && r.number === n)?.date ?? null;
        yield {
          id: e.id,
          nom: e.name,
          type: e.kind,
          annee: Number(e.year),
          portee: e.scope,
          tour_1: date(1),
          tour_2: date(2),
        };
      }
    },
  };
}

// ——— lists ———

const listColumns = [
  col('id', 'Identifiant'),
  col('election', 'Élection'),
  col('scrutin', 'Scrutin'),
  col('code_territoire', 'Code commune ou circonscription'),
  col('panneau', 'Panneau', 'number'),
  col('libelle_abrege', 'Libellé abrégé'),
  col('libelle', 'Libellé'),
  col('code_nuance', 'Code nuance'),
  col('nuance', 'Nuance'),
  col('tete_de_liste', 'Tête de liste'),
  col('nombre_candidats', 'Nombre de candidats', 'number'),
];

/** Ballots of a département: commune and sector codes start with its code, circonscriptions are "DEP-NN". */
function inDepartement(code: string) {
  return (eb: any) =>
    eb.or([
      eb.and([eb('b.territory_kind', 'in', ['commune', 'secteur']), eb('b.territory_code', 'like', `${code}%`)]),
      eb.and([eb('b.territory_kind', '=', 'circonscription'), eb('b.territory_code', 'like', `${code}-%`)]),
    ]);
}

export function listsDataset(db: Db, filters: DatasetFilters = {}): Dataset {
  const page = (after: string | undefined, size: number) => {
    let query = db
      .selectFrom('lists as l')
      .innerJoin('ballots as b', 'b.id', 'l.ballot_id')
      .leftJoin('nuances as n', (join) =>
        join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'l.nuance_code'),
      )
      .select([
        'l.id',
        'b.election_id',
        'b.id as ballot_id',
        'b.territory_code',
        'l.panel',
        'l.short_name',
        'l.name',
        'l.nuance_code',
        'n.label as nuance_label',
      ])
      .orderBy('l.id')
      .limit(size);
    if (after !== undefined) query = query.where('l.id', '>', after);
    if (filters.election) query = query.where('b.election_id', '=', filters.election);
    if (filters.departement) query = query.where(inDepartement(filters.departement));
    return query.execute();
  };
  return {
    name: ['listes', filters.election, filters.departement].filter(Boolean).join('-'),
    columns: listColumns,
    async *rows() {
      for await (const lists of keysetPages(page, (l) => l.id)) {
        const ids = lists.map((l) => l.id);
        const [heads, counts] = await Promise.all([
          db
            .selectFrom('candidacies')
            .select(['list_id', 'first_name', 'last_name'])
            .where('list_id', 'in', ids)
            .where('head', '=', 1)
            .execute(),
          db
            .selectFrom('candidacies')
            .select((eb) => ['list_id', eb.fn.countAll<number>().as('n')])
            .where('list_id', 'in', ids)
            .groupBy('list_id')
            .execute(),
        ]);
        for (const l of lists) {
          const head = heads.find((h) => h.list_id === l.id);
          yield {
            id: l.id,
            election: l.election_id,
            scrutin: l.ballot_id,
            code_territoire: l.territory_code,
            panneau: Number(l.panel),
            libelle_abrege: l.short_name,
            libelle: l.name,
            code_nuance: l.nuance_code,
            nuance: l.nuance_label,
            tete_de_liste: head ? `${head.first_name} ${head.last_name}` : null,
            nombre_candidats: Number(counts.find((c) => c.list_id === l.id)?.n ?? 0),
          };
        }
      }
    },
  };
}

// ——— candidacies ———

const candidacyColumns = [
  col('id', 'Identifiant'),
  col('election', 'Élection'),
  col('scrutin', 'Scrutin'),
  col('liste', 'Identifiant de liste'),
  col('libelle_liste', 'Liste'),
  col('panneau', 'Panneau', 'number'),
  col('position', 'Position', 'number'),
  col('tete_de_liste', 'Tête de liste', 'boolean'),
  col('nom', 'Nom'),
  col('prenom', 'Prénom'),
  col('sexe', 'Sexe'),
  col('code_nuance', 'Code nuance'),
  col('nuance', 'Nuance'),
  col('sortant', 'Sortant', 'boolean'),
  col('communautaire', 'Candidat au conseil communautaire', 'boolean'),
];

export interface CandidacyScope extends DatasetFilters {
  /** Only the members of this list, in list order. */
  list?: string;
  /** Only the ballots held in this commune (and its sectors), in ballot/list/position order. */
  commune?: string;
}

/**
 * The candidacies with their columns' values in column order (candidacyColumns), as arrays: the full
 * export reads ~900,000 of them, so no object is built per row (db/array-rows.ts).
 */
function candidacyQuery(db: Db) {
  return db
    .selectFrom('candidacies as c')
    .innerJoin('ballots as b', 'b.id', 'c.ballot_id')
    .leftJoin('lists as l', 'l.id', 'c.list_id')
    .leftJoin('nuances as n', (join) =>
      join.onRef('n.election_id', '=', 'b.election_id').onRef('n.code', '=', 'c.nuance_code'),
    )
    .select((eb) => [
      'c.id',
      'b.election_id',
      'b.id as ballot_id',
      'c.list_id',
      'l.short_name as list_short_name',
      eb.fn.coalesce('c.panel', 'l.panel').as('panel'),
      'c.position',
      'c.head',
      'c.last_name',
      'c.first_name',
      'c.sex',
      'c.nuance_code',
      'n.label as nuance_label',
      'c.outgoing',
      'c.communautaire',
    ]);
}

/** A row of candidacyQuery → its cells: numbers, and 0/1 flags as booleans (changed in place). */
function candidacyCells(cells: unknown[]): Cell[] {
  const panel = cells[5];
  const position = cells[6];
  cells[5] = panel === null || panel === undefined ? null : Number(panel);
  cells[6] = position === null || position === undefined ? null : Number(position);
  cells[7] = cells[7] === 1;
  cells[13] = bool(cells[13] as number | null);
  cells[14] = bool(cells[14] as number | null);
  return cells as Cell[];
}

export function candidaciesDataset(db: Db, scope: CandidacyScope = {}): Dataset {
  const name = scope.list
    ? `liste-${scope.list}`
    : scope.commune
      ? `commune-${scope.commune}-candidatures`
      : ['candidatures', scope.election, scope.departement].filter(Boolean).join('-');
  async function* pages(): AsyncGenerator<Cell[][]> {
    if (scope.list || scope.commune) {
      // One list or one commune: a bounded number of rows, read in display order.
      let query = candidacyQuery(db)
        .orderBy('b.territory_code')
        .orderBy('b.election_id')
        .orderBy('l.panel')
        .orderBy('c.panel')
        .orderBy('c.position');
      if (scope.list) query = query.where('c.list_id', '=', scope.list);
      if (scope.commune) {
        const insee = scope.commune;
        query = query.where((eb) =>
          eb.or([
            eb.and([eb('b.territory_kind', '=', 'commune'), eb('b.territory_code', '=', insee)]),
            eb.and([eb('b.territory_kind', '=', 'secteur'), eb('b.territory_code', 'like', `${insee}%`)]),
          ]),
        );
      }
      yield (await selectArrays(db, query)).map(candidacyCells);
      return;
    }
    const page = async (after: string | undefined, size: number) => {
      let query = candidacyQuery(db).orderBy('c.id').limit(size);
      if (after !== undefined) query = query.where('c.id', '>', after);
      if (scope.election) query = query.where('b.election_id', '=', scope.election);
      if (scope.departement) query = query.where(inDepartement(scope.departement));
      return (await selectArrays(db, query)).map(candidacyCells);
    };
    yield* keysetPages(page, (cells) => cells[0] as string, largeReadPageSize(db));
  }
  return {
    name,
    columns: candidacyColumns,
    pages,
    rows: () => rowsOfPages(candidacyColumns, pages()),
  };
}

/** The datasets `pacte export` knows, with the filters each accepts. */
export const DATASETS = {
  communes: { build: communesDataset, filters: ['departement'] },
  elections: { build: electionsDataset, filters: ['election'] },
  lists: { build: listsDataset, filters: ['election', 'departement'] },
  candidacies: { build: candidaciesDataset, filters: ['election', 'departement'] },
} as const satisfies Record<
  string,
  { build: (db: Db, f: DatasetFilters) => Dataset; filters: (keyof DatasetFilters)[] }
>;

export type DatasetName = keyof typeof DATASETS;
