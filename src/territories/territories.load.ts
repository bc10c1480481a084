import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../db/connection.ts';
import { planSync, type SyncCounts, type SyncPlan } from '../db/sync.ts';
import { recordSourceLoad } from '../opendata/sources.service.ts';
import { readTerritorySource, type TerritoryRows } from './territories.source.ts';

export type TerritoryLoadSummary = Record<string, SyncCounts>;

const TABLES: { table: keyof Omit<TerritoryRows, 'versions'>; keys: string[] }[] = [
  { table: 'regions', keys: ['code'] },
  { table: 'departements', keys: ['code'] },
  { table: 'communes', keys: ['insee'] },
  { table: 'commune_words', keys: ['word', 'insee'] },
  { table: 'postcodes', keys: ['postcode', 'insee'] },
  { table: 'intercommunalities', keys: ['code'] },
  { table: 'intercommunality_members', keys: ['intercommunality_code', 'insee'] },
];

/**
 * Loads (or refreshes) every French territory in one transaction: only differences are written,
 * so a second load changes nothing, and a failure leaves the previous data intact.
 */
export async function loadTerritories(db: Db, onStep?: (table: string, index: number, total: number) => void) {
  const source = readTerritorySource();
  const summary: TerritoryLoadSummary = {};
  await db.transaction().execute(async (trx) => {
    const plans: SyncPlan[] = [];
    for (const [i, { table, keys }] of TABLES.entries()) {
      onStep?.(table, i, TABLES.length * 2);
      const plan = await planSync(trx, table, keys, source[table] as never);
      await plan.applyUpserts(trx);
      plans.push(plan);
      summary[table] = plan.counts;
    }
    for (const [i, plan] of [...plans].reverse().entries()) {
      onStep?.(plan.table, TABLES.length + i, TABLES.length * 2);
      await plan.applyDeletes(trx);
    }
  });
  const changed = Object.values(summary).some((c) => c.created + c.updated + c.deleted > 0);
  if (changed) await vacuumOnPostgres(db, summary);
  if (changed) {
    await recordSourceLoad(db, {
      id: 'decoupage-administratif',
      name: 'Découpage administratif (communes, départements, régions, EPCI, EPT)',
      publisher: 'Etalab / INSEE / DGCL — paquet npm @etalab/decoupage-administratif',
      licence: 'Licence Ouverte 2.0',
      url: 'https://github.com/etalab/decoupage-administratif',
      version: source.versions.decoupage,
      summary: `${source.communes.length} communes et arrondissements municipaux, ${source.intercommunalities.length} EPCI et EPT`,
    });
    await recordSourceLoad(db, {
      id: 'codes-postaux',
      name: 'Codes postaux (base officielle La Poste)',
      publisher: 'La Poste / Base Adresse Nationale — paquet npm codes-postaux',
      licence: 'Licence Ouverte 2.0',
      url: 'https://github.com/BaseAdresseNationale/codes-postaux',
      version: source.versions.codesPostaux,
      summary: `${source.postcodes.length} couples code postal – commune`,
    });
  }
  return { summary, changed };
}

/**
 * PostgreSQL: VACUUM (ANALYZE) the tables just written, at once rather than when autovacuum gets
 * to them. Besides the statistics, it sets the visibility map, without which the commune search's
 * ranges on `commune_words` are bitmap heap scans instead of index-only scans (measured on
 * "sur s", "de s": ~12 % slower statements). See docs/decisions/0004-commune-search.md.
 */
async function vacuumOnPostgres(db: Db, summary: TerritoryLoadSummary) {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const written = TABLES.filter(({ table }) => {
    const c = summary[table];
    return c && c.created + c.updated + c.deleted > 0;
  });
  if (written.length === 0) return;
  await sql`VACUUM (ANALYZE) ${sql.join(written.map(({ table }) => sql.table(table)))}`.execute(db);
}

export async function territoriesLoaded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('communes').select('insee').limit(1).executeTakeFirst();
  return row !== undefined;
}
