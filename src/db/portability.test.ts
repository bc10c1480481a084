import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromBool, normalizeSearch, nowIso, prefixUpperBound, searchWords, toBool, toCount } from './portability.ts';

describe('normalizeSearch', () => {
  test('removes accents and case', () => {
    assert.equal(normalizeSearch('Liévin'), 'lievin');
    assert.equal(normalizeSearch('SAINT-ÉTIENNE'), 'saint etienne');
    assert.equal(normalizeSearch('Ézy-sur-Eure'), 'ezy sur eure');
    assert.equal(normalizeSearch('L’Haÿ-les-Roses'), 'l hay les roses');
  });

  test('expands ligatures', () => {
    assert.equal(normalizeSearch('Œuilly'), 'oeuilly');
    assert.equal(normalizeSearch('Bœrsch'), 'boersch');
    assert.equal(normalizeSearch('Ægidius'), 'aegidius');
    assert.equal(normalizeSearch('Straße'), 'strasse');
  });

  test('turns every run of punctuation or spaces into one space, trimmed', () => {
    assert.equal(normalizeSearch("  Saint--Denis-de-l'Hôtel  "), 'saint denis de l hotel');
    assert.equal(normalizeSearch('Paris 15e\tArrondissement'), 'paris 15e arrondissement');
    assert.equal(normalizeSearch("'; DROP TABLE communes; --"), 'drop table communes');
    assert.equal(normalizeSearch('<script>alert(1)</script>'), 'script alert 1 script');
  });

  test('returns an empty string when nothing searchable is left', () => {
    assert.equal(normalizeSearch(''), '');
    assert.equal(normalizeSearch(' -–— '), '');
    assert.equal(normalizeSearch('日本'), '');
  });
});

describe('searchWords', () => {
  test('expands saint abbreviations as whole words only', () => {
    assert.deepEqual(searchWords('St-Étienne'), ['saint', 'etienne']);
    assert.deepEqual(searchWords('st etienne'), ['saint', 'etienne']);
    assert.deepEqual(searchWords('Ste Marie'), ['sainte', 'marie']);
    assert.deepEqual(searchWords('Sts Geosmes'), ['saints', 'geosmes']);
    assert.deepEqual(searchWords('Stes Maries de la Mer'), ['saintes', 'maries', 'de', 'la', 'mer']);
    assert.deepEqual(searchWords('Stains'), ['stains']);
    assert.deepEqual(searchWords('Vast'), ['vast']);
  });

  test('keeps accents-free words in order', () => {
    assert.deepEqual(searchWords('Saint-Denis'), ['saint', 'denis']);
    assert.deepEqual(searchWords('Lens'), ['lens']);
  });

  test('returns no words for an empty or punctuation-only text', () => {
    assert.deepEqual(searchWords(''), []);
    assert.deepEqual(searchWords('  '), []);
    assert.deepEqual(searchWords('--'), []);
  });
});

describe('prefixUpperBound', () => {
  test('increments the last character', () => {
    assert.equal(prefixUpperBound('abc'), 'abd');
    assert.equal(prefixUpperBound('62'), '63');
    assert.equal(prefixUpperBound('2A'), '2B');
    assert.equal(prefixUpperBound('9'), ':');
    assert.equal(prefixUpperBound('z'), '{');
  });

  test('bounds exactly the strings that start with the prefix', () => {
    const prefix = 'len';
    const upper = prefixUpperBound(prefix);
    for (const word of ['len', 'lens', 'lenzzzz', 'len9']) {
      assert.ok(word >= prefix && word < upper, `${word} is in [${prefix}, ${upper})`);
    }
    for (const word of ['lem', 'leo', 'lf', 'le']) {
      assert.ok(!(word >= prefix && word < upper), `${word} is outside [${prefix}, ${upper})`);
    }
  });
});

describe('toCount, toBool, fromBool, nowIso', () => {
  test('toCount reads SQLite numbers and PostgreSQL bigint strings alike', () => {
    assert.equal(toCount(42), 42);
    assert.equal(toCount('42'), 42);
    assert.equal(toCount('34969'), 34_969);
    assert.equal(toCount(7n), 7);
    assert.equal(toCount(0), 0);
    assert.equal(toCount(null), 0);
    assert.equal(toCount(undefined), 0);
  });

  test('toBool reads 0/1 integers, strings and booleans', () => {
    assert.equal(toBool(1), true);
    assert.equal(toBool('1'), true);
    assert.equal(toBool(true), true);
    assert.equal(toBool(0), false);
    assert.equal(toBool('0'), false);
    assert.equal(toBool(false), false);
    assert.equal(toBool(null), false);
    assert.equal(toBool(undefined), false);
    assert.equal(toBool(2), false);
  });

  test('fromBool round-trips with toBool', () => {
    assert.equal(fromBool(true), 1);
    assert.equal(fromBool(false), 0);
    assert.equal(toBool(fromBool(true)), true);
    assert.equal(toBool(fromBool(false)), false);
  });

  test('nowIso is a sortable UTC ISO-8601 timestamp', () => {
    const before = Date.now();
    const value = nowIso();
    assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(Date.parse(value) >= before - 1 && Date.parse(value) <= Date.now() + 1);
  });
});
