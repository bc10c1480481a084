import type { Kysely } from 'kysely';
import { seedNuances } from '../candidates/nuances.service.ts';
import { seedElections } from '../elections/elections.service.ts';
import { seedLetterTemplates } from '../outreach/letters/templates.service.ts';
import { seedPactDocuments } from '../pledges/pact-documents.service.ts';
import { loadTerritories, territoriesLoaded } from '../territories/territories.load.ts';
import type { Connection, Db } from './connection.ts';
import { migrateToLatest } from './migrations/index.ts';

/** Known elections and nuance code lists; idempotent. */
export async function seedReferenceData(db: Db): Promise<void> {
  await seedElections(db);
  await seedNuances(db);
  await seedPactDocuments(db);
  await seedLetterTemplates(db);
}

export interface PrepareReport {
  migrations: string[];
  territoriesLoaded: boolean;
}

/** Brings a database to a usable state: schema, known elections, and territories on first start. */
export async function prepareDatabase(
  connection: Connection,
  options: { territories?: boolean; onStep?: (table: string, i: number, n: number) => void } = {},
): Promise<PrepareReport> {
  const migrations = await migrateToLatest(connection.db as Kysely<unknown>, connection.dialect);
  await seedReferenceData(connection.db);
  let loaded = false;
  if (options.territories !== false && !(await territoriesLoaded(connection.db))) {
    await loadTerritories(connection.db, options.onStep);
    loaded = true;
  }
  return { migrations, territoriesLoaded: loaded };
}
