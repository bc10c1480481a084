import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../testing/databases.ts';
import { searchCommunes } from './territories.service.ts';

forEachDatabase('commune search', (database) => {
  const search = (q: string) => searchCommunes(database().connection.db, q);
  const names = async (q: string) => (await search(q)).results.map((r) => r.name);
  const communeCount = async () => {
    const row = await database()
      .connection.db.selectFrom('communes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  test('"saint etienne" and "st-etienne" find Saint-Étienne first', async () => {
    for (const q of ['saint etienne', 'st-etienne', 'Saint-Étienne', 'ST ETIENNE', 'saint-etien']) {
      const results = (await search(q)).results;
      assert.equal(results[0]?.name, 'Saint-Étienne', q);
      assert.equal(results[0]?.insee, '42218', q);
      assert.equal(results[0]?.departement_name, 'Loire', q);
    }
    assert.ok((await names('st-etienne')).includes('Saint-Étienne-du-Rouvray'));
  });

  test('accents and case do not matter: "lievin" finds Liévin', async () => {
    assert.equal((await names('lievin'))[0], 'Liévin');
    assert.equal((await names('LIÉVIN'))[0], 'Liévin');
    assert.deepEqual(await names('lievin'), await names('Liévin'));
  });

  test('postcode 62300 finds Lens first; INSEE 62498 finds Lens only', async () => {
    const byPostcode = (await search('62300')).results;
    assert.equal(byPostcode[0]?.name, 'Lens');
    assert.equal(byPostcode[0]?.insee, '62498');
    const byInsee = (await search('62498')).results;
    assert.deepEqual(
      byInsee.map((r) => r.insee),
      ['62498'],
    );
    assert.equal((await search(' 62 300 ')).results[0]?.insee, '62498', 'spaces inside a code are ignored');
  });

  test('Corsican INSEE codes: 2A004 finds Ajaccio, in either case', async () => {
    for (const q of ['2A004', '2a004']) {
      const results = (await search(q)).results;
      assert.equal(results[0]?.name, 'Ajaccio', q);
      assert.equal(results[0]?.departement_code, '2A', q);
    }
    assert.equal((await search('2B033')).results[0]?.name, 'Bastia');
  });

  test('the first digits of a code find communes of that area, most populated first', async () => {
    const results = (await search('75')).results;
    assert.equal(results[0]?.name, 'Paris');
    assert.ok(results.some((r) => r.name === 'Paris 15e Arrondissement'));
    // Boulogne-Billancourt (92) has the official postcode 75016 too.
    assert.ok(results.every((r) => r.departement_code === '75' || r.insee === '92012' || r.insee === '92040'));
    const populations = results.map((r) => r.population ?? 0);
    assert.deepEqual(
      populations,
      [...populations].sort((a, b) => b - a),
    );
  });

  test('homonyms: several Saint-Denis in different départements, the most populated first', async () => {
    const results = (await search('Saint-Denis')).results;
    const exact = results.filter((r) => r.name === 'Saint-Denis');
    assert.ok(exact.length >= 3, `several communes named Saint-Denis (got ${exact.length})`);
    assert.equal(new Set(exact.map((r) => r.departement_code)).size, exact.length, 'each in its own département');
    assert.deepEqual(
      results.slice(0, 2).map((r) => [r.insee, r.departement_name]),
      [
        ['97411', 'La Réunion'],
        ['93066', 'Seine-Saint-Denis'],
      ],
    );
    const firstOther = results.findIndex((r) => r.name !== 'Saint-Denis');
    assert.equal(firstOther, exact.length, 'exact names come before longer ones (Saint-Denis-en-Val…)');
  });

  test('exact name first, then names starting with it, then names containing it', async () => {
    const results = await names('Lens');
    assert.equal(results[0], 'Lens');
    assert.equal(results[1], 'Lens-Lestang', 'a name starting with "Lens" before a bigger "…-lès-Lens"');
    assert.ok(results.includes('Courcelles-lès-Lens'));
    assert.ok(results.indexOf('Lens-Lestang') < results.indexOf('Courcelles-lès-Lens'));
  });

  test('"st" alone is both "saint" and the start of a name: Strasbourg and Stains are found too', async () => {
    const results = await names('st');
    assert.ok(results.includes('Saint-Étienne'), results.join(', '));
    assert.ok(results.includes('Strasbourg'), results.join(', '));
    assert.ok(results.includes('Stains'), results.join(', '));
    assert.equal((await names('sta'))[0], 'Stains');
    assert.equal((await names('stras'))[0], 'Strasbourg');
  });

  test('empty and one-letter queries are too short', async () => {
    for (const q of ['', '   ', 'a', 'É', '-', '%', '_', '1']) {
      const outcome = await search(q);
      assert.equal(outcome.status, 'too_short', JSON.stringify(q));
      assert.deepEqual(outcome.results, []);
    }
  });

  test('LIKE wildcards are plain characters', async () => {
    assert.deepEqual(await names('lens%'), await names('lens'));
    assert.deepEqual(await names('%ens'), await names('ens'));
    assert.ok(!(await names('l_ns')).includes('Lens'));
  });

  test('hostile or huge queries are answered safely and change nothing', async () => {
    const before = await communeCount();
    const queries = [
      'x'.repeat(10_000),
      '6'.repeat(10_000),
      "'; DROP TABLE communes; --",
      "Lens'; DELETE FROM communes WHERE '1'='1",
      '<script>alert(1)</script>',
      'Robert"); DROP TABLE postcodes;--',
      'a b c d e f g h i j k l m n o p q r s t u v w x y z',
      '\u0000\u0001 lens',
    ];
    for (const q of queries) {
      const outcome = await search(q);
      assert.ok(outcome.status === 'ok' || outcome.status === 'too_short', q.slice(0, 30));
      assert.ok(outcome.query.length <= 80, 'the query is cut to a sensible length');
      assert.ok(outcome.results.length <= 20);
    }
    assert.equal(await communeCount(), before);
    assert.equal((await names('62300'))[0], 'Lens', 'postcodes still answer');
  });

  test('results are limited, 20 by default', async () => {
    assert.equal((await search('saint')).results.length, 20);
    assert.equal((await searchCommunes(database().connection.db, 'saint', 5)).results.length, 5);
  });
});
