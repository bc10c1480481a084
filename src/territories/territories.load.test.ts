import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../db/connection.ts';
import { toCount } from '../db/portability.ts';
import { getSource } from '../opendata/sources.service.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { loadTerritories, territoriesLoaded } from './territories.load.ts';

const TABLES = [
  'regions',
  'departements',
  'communes',
  'commune_words',
  'postcodes',
  'intercommunalities',
  'intercommunality_members',
];

async function count(db: Db, table: 'communes' | 'departements' | 'regions' | 'postcodes', where?: [string, string]) {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
  if (where) query = query.where(where[0] as never, '=', where[1] as never);
  return toCount((await query.executeTakeFirstOrThrow()).n);
}

forEachDatabase('territories load', (database) => {
  const db = () => database().connection.db;

  test('the prepared database holds every commune and municipal arrondissement', async () => {
    assert.equal(await territoriesLoaded(db()), true);
    assert.equal(await count(db(), 'communes', ['kind', 'commune']), 34_969);
    assert.equal(await count(db(), 'communes', ['kind', 'arrondissement']), 45);
    assert.equal(await count(db(), 'communes', ['parent_insee', '75056']), 20, 'Paris has 20 arrondissements');
    assert.equal(await count(db(), 'communes', ['parent_insee', '69123']), 9, 'Lyon has 9');
    assert.equal(await count(db(), 'communes', ['parent_insee', '13055']), 16, 'Marseille has 16');
  });

  test('départements (with Corsica and overseas) and régions', async () => {
    // 96 metropolitan + 5 DROM + 8 COM and other overseas territories.
    assert.equal(await count(db(), 'departements'), 109);
    assert.equal(await count(db(), 'regions'), 26);
    const codes = (await db().selectFrom('departements').select('code').execute()).map((d) => d.code);
    for (const code of ['01', '2A', '2B', '62', '93', '971', '974', '976']) assert.ok(codes.includes(code), code);
    assert.ok(!codes.includes('20'), 'no département 20 since 1976');
    const pasDeCalais = await db()
      .selectFrom('departements as d')
      .innerJoin('regions as r', 'r.code', 'd.region_code')
      .select(['d.name', 'r.name as region'])
      .where('d.code', '=', '62')
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...pasDeCalais }, { name: 'Pas-de-Calais', region: 'Hauts-de-France' });
  });

  test('commune rows carry département, région, population and a normalised search column', async () => {
    const lens = await db().selectFrom('communes').selectAll().where('insee', '=', '62498').executeTakeFirstOrThrow();
    assert.equal(lens.name, 'Lens');
    assert.equal(lens.kind, 'commune');
    assert.equal(lens.parent_insee, null);
    assert.equal(lens.departement_code, '62');
    assert.equal(lens.region_code, '32');
    assert.equal(typeof lens.population, 'number');
    assert.ok((lens.population ?? 0) > 20_000);
    const stEtienne = await db()
      .selectFrom('communes')
      .select(['name', 'search'])
      .where('insee', '=', '42218')
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...stEtienne }, { name: 'Saint-Étienne', search: 'saint etienne' });
    const words = await db().selectFrom('commune_words').select('word').where('insee', '=', '42218').execute();
    assert.deepEqual(words.map((w) => w.word).sort(), ['etienne', 'saint']);
  });

  test('postcodes are many-to-many: 62300 ↔ Lens, and Paris arrondissements have their own', async () => {
    const of62300 = await db().selectFrom('postcodes').select('insee').where('postcode', '=', '62300').execute();
    assert.ok(of62300.some((p) => p.insee === '62498'));
    const ofLens = await db().selectFrom('postcodes').select('postcode').where('insee', '=', '62498').execute();
    assert.deepEqual(
      ofLens.map((p) => p.postcode),
      ['62300'],
    );
    const ofParis1 = await db().selectFrom('postcodes').select('postcode').where('insee', '=', '75101').execute();
    assert.deepEqual(
      ofParis1.map((p) => p.postcode),
      ['75001'],
    );
    const marseilleCodes = await count(db(), 'postcodes', ['postcode', '13001']);
    assert.ok(marseilleCodes >= 1);
  });

  test('EPCI and EPT: Aubervilliers belongs to the EPT Plaine Commune and to the Métropole du Grand Paris', async () => {
    const plaineCommune = await db()
      .selectFrom('intercommunalities')
      .selectAll()
      .where('code', '=', '200057867')
      .executeTakeFirstOrThrow();
    assert.equal(plaineCommune.name, 'Plaine Commune');
    assert.equal(plaineCommune.kind, 'EPT');
    const members = await db()
      .selectFrom('intercommunality_members')
      .select('insee')
      .where('intercommunality_code', '=', '200057867')
      .execute();
    const inseeCodes = members.map((m) => m.insee);
    assert.ok(inseeCodes.includes('93001'), 'Aubervilliers');
    assert.ok(inseeCodes.includes('93066'), 'Saint-Denis');
    const ofAubervilliers = await db()
      .selectFrom('intercommunality_members as m')
      .innerJoin('intercommunalities as i', 'i.code', 'm.intercommunality_code')
      .select(['i.kind'])
      .where('m.insee', '=', '93001')
      .execute();
    assert.deepEqual(ofAubervilliers.map((i) => i.kind).sort(), ['EPT', 'METRO']);
    const lensAgglo = await db()
      .selectFrom('intercommunality_members as m')
      .innerJoin('intercommunalities as i', 'i.code', 'm.intercommunality_code')
      .select(['i.name', 'i.kind'])
      .where('m.insee', '=', '62498')
      .execute();
    assert.deepEqual(
      lensAgglo.map((i) => ({ ...i })),
      [{ name: 'CA de Lens - Liévin', kind: 'CA' }],
    );
  });

  test('both datasets are credited with their licence and version', async () => {
    for (const id of ['decoupage-administratif', 'codes-postaux']) {
      const source = await getSource(db(), id);
      assert.ok(source, id);
      assert.equal(source.licence, 'Licence Ouverte 2.0');
      assert.match(source.version ?? '', /^\d+\.\d+\.\d+/);
      assert.ok(!Number.isNaN(Date.parse(source.loaded_at)));
    }
  });

  test('loading again changes nothing', async () => {
    const before = await getSource(db(), 'decoupage-administratif');
    const { summary, changed } = await loadTerritories(db());
    assert.equal(changed, false);
    assert.deepEqual(Object.keys(summary).sort(), [...TABLES].sort());
    for (const [table, counts] of Object.entries(summary)) {
      assert.deepEqual(
        { created: counts.created, updated: counts.updated, deleted: counts.deleted },
        { created: 0, updated: 0, deleted: 0 },
        table,
      );
      assert.ok(counts.unchanged > 0, `${table} rows are all unchanged`);
    }
    assert.equal(summary.communes?.unchanged, 35_014);
    const after = await getSource(db(), 'decoupage-administratif');
    assert.equal(after?.loaded_at, before?.loaded_at, 'an unchanged load does not touch the import date');
  });

  test('a reload repairs exactly what differs: one renamed, one missing, one extra', async () => {
    await db().updateTable('communes').set({ name: 'Lens (modifié)' }).where('insee', '=', '62498').execute();
    await db().deleteFrom('postcodes').where('postcode', '=', '62300').where('insee', '=', '62498').execute();
    await db()
      .insertInto('communes')
      .values({
        insee: '62999',
        name: 'Commune fantôme',
        kind: 'commune',
        parent_insee: null,
        departement_code: '62',
        region_code: '32',
        population: 1,
        search: 'commune fantome',
      })
      .execute();
    const sourceBefore = await getSource(db(), 'decoupage-administratif');

    const { summary, changed } = await loadTerritories(db());

    assert.equal(changed, true);
    const changes = Object.fromEntries(
      Object.entries(summary)
        .map(([table, c]) => [table, { created: c.created, updated: c.updated, deleted: c.deleted }] as const)
        .filter(([, c]) => c.created + c.updated + c.deleted > 0),
    );
    assert.deepEqual(changes, {
      communes: { created: 0, updated: 1, deleted: 1 },
      postcodes: { created: 1, updated: 0, deleted: 0 },
    });
    const lens = await db().selectFrom('communes').select('name').where('insee', '=', '62498').executeTakeFirst();
    assert.equal(lens?.name, 'Lens');
    const ghost = await db().selectFrom('communes').select('insee').where('insee', '=', '62999').executeTakeFirst();
    assert.equal(ghost, undefined);
    const postcode = await db()
      .selectFrom('postcodes')
      .select('insee')
      .where('postcode', '=', '62300')
      .where('insee', '=', '62498')
      .executeTakeFirst();
    assert.equal(postcode?.insee, '62498');
    assert.equal(await count(db(), 'communes'), 35_014);
    const sourceAfter = await getSource(db(), 'decoupage-administratif');
    assert.ok((sourceAfter?.loaded_at ?? '') > (sourceBefore?.loaded_at ?? ''), 'the import date is updated');

    const again = await loadTerritories(db());
    assert.equal(again.changed, false, 'and then it is stable again');
  });
});
