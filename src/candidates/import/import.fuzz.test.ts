// Fuzzing of the importers: official files mutated at random (seeded, so any failure can be replayed)
// for a bounded time on each database. Whatever the bytes, an import ends with a summary or with an
// ImportError (a one-line reason for the user) — never another exception — and a refused file
// leaves every table as it was.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Db } from '../../db/connection.ts';
import { forEachDatabase } from '../../testing/databases.ts';
import { ImportError, importFile } from './import.service.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SECONDS = Number(process.env.PACTE_FUZZ_SECONDS ?? 4);
// A fixed seed by default, so that the suite is repeatable; PACTE_FUZZ_SEED=random explores further.
const SEED =
  process.env.PACTE_FUZZ_SEED === 'random' ? Date.now() % 1_000_000 : Number(process.env.PACTE_FUZZ_SEED ?? 2026);
const COUNTED = ['people', 'lists', 'candidacies', 'mandates', 'mandate_matches', 'nuances', 'ballots'] as const;

function fixtureFiles(): string[] {
  const files = readdirSync(FIXTURES)
    .filter((f) => /\.(csv|txt)$/.test(f) && !/^(binary|empty|unknown-format)/.test(f))
    .map((f) => join(FIXTURES, f));
  const rne = readdirSync(join(FIXTURES, 'rne')).map((f) => join(FIXTURES, 'rne', f));
  return [...files, ...rne];
}

/** Mulberry32: small, seeded, good enough to pick mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (bytes: Buffer, rnd: () => number) => Buffer;
const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)] as T;
const lines = (bytes: Buffer) => bytes.toString('latin1').split('\n');
const join_ = (parts: string[]) => Buffer.from(parts.join('\n'), 'latin1');
/** A line after the header (the first non-empty line), so that the format is still recognised. */
const bodyLine = (parts: string[], rnd: () => number) => 1 + Math.floor(rnd() * Math.max(parts.length - 1, 1));

const MUTATIONS: Record<string, Mutation> = {
  'random bytes changed': (bytes, rnd) => {
    const out = Buffer.from(bytes);
    const start = Math.min(out.indexOf(10) + 1, out.length - 1);
    for (let i = 0, n = 1 + Math.floor(rnd() * 20); i < n; i++) {
      out[start + Math.floor(rnd() * (out.length - start))] = Math.floor(rnd() * 256);
    }
    return out;
  },
  'lines deleted': (bytes, rnd) => {
    const parts = lines(bytes);
    for (let i = 0, n = 1 + Math.floor(rnd() * 3); i < n && parts.length > 2; i++)
      parts.splice(bodyLine(parts, rnd), 1);
    return join_(parts);
  },
  'lines repeated': (bytes, rnd) => {
    const parts = lines(bytes);
    const at = bodyLine(parts, rnd);
    parts.splice(at, 0, ...Array(1 + Math.floor(rnd() * 3)).fill(parts[at] ?? ''));
    return join_(parts);
  },
  'cut anywhere': (bytes, rnd) => bytes.subarray(0, Math.floor(rnd() * bytes.length)),
  'separators and quotes inserted': (bytes, rnd) => {
    const text = bytes.toString('latin1');
    let out = text;
    for (let i = 0, n = 1 + Math.floor(rnd() * 10); i < n; i++) {
      const at = text.indexOf('\n') + 1 + Math.floor(rnd() * (text.length - text.indexOf('\n')));
      out = out.slice(0, at) + pick([';', '\t', '"', '""', '\r', '\n', ',', '\u0000'], rnd) + out.slice(at);
    }
    return Buffer.from(out, 'latin1');
  },
  'a huge field': (bytes, rnd) => {
    const parts = lines(bytes);
    const at = bodyLine(parts, rnd);
    const separator = (parts[0] ?? '').includes('\t') ? '\t' : ';';
    const fields = (parts[at] ?? '').split(separator);
    fields[Math.floor(rnd() * fields.length)] = 'É'.repeat(20_000 + Math.floor(rnd() * 50_000));
    parts[at] = fields.join(separator);
    return join_(parts);
  },
  'fields shifted': (bytes, rnd) => {
    const parts = lines(bytes);
    const at = bodyLine(parts, rnd);
    const separator = (parts[0] ?? '').includes('\t') ? '\t' : ';';
    const fields = (parts[at] ?? '').split(separator);
    if (rnd() < 0.5) fields.splice(Math.floor(rnd() * fields.length), 1);
    else fields.splice(Math.floor(rnd() * fields.length), 0, 'en trop');
    parts[at] = fields.join(separator);
    return join_(parts);
  },
  'dates and numbers garbled': (bytes, rnd) =>
    Buffer.from(
      bytes
        .toString('latin1')
        .replace(/\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2}/g, (d) =>
          rnd() < 0.3 ? pick(['31/02/2026', '00/00/0000', '2026-13-45', 'hier', ''], rnd) : d,
        )
        .replace(/;\d{1,3};/g, (n) =>
          rnd() < 0.1 ? pick([';-1;', ';99999999999999999999;', ';1e9;', ';x;'], rnd) : n,
        ),
      'latin1',
    ),
  'invalid UTF-8': (bytes, rnd) => {
    const out = Buffer.from(bytes);
    const start = out.indexOf(10) + 1;
    for (let i = 0; i < 5; i++)
      out[start + Math.floor(rnd() * (out.length - start))] = pick([0xc3, 0xff, 0xfe, 0x80], rnd);
    return out;
  },
};

async function counts(db: Db): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of COUNTED) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

forEachDatabase('importers under random input', (database) => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-fuzz-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(`mutated official files: a summary or an ImportError, never a crash nor a partial write (seed ${SEED}, ${SECONDS} s)`, async () => {
    const rnd = random(SEED);
    const sources = fixtureFiles().map((path) => ({ path, bytes: readFileSync(path) }));
    const names = Object.keys(MUTATIONS);
    const deadline = performance.now() + SECONDS * 1000;
    const tally = { runs: 0, imported: 0, refused: 0 };
    while (performance.now() < deadline) {
      const source = pick(sources, rnd);
      const mutation = pick(names, rnd);
      const file = join(dir, `essai-${tally.runs}${source.path.slice(source.path.lastIndexOf('.'))}`);
      writeFileSync(file, (MUTATIONS[mutation] as Mutation)(source.bytes, rnd));
      const before_ = await counts(database().connection.db);
      const what = `run ${tally.runs} (seed ${SEED}): ${mutation} on ${source.path.split('/').slice(-2).join('/')}`;
      try {
        await importFile(database().connection, file, { reportDir: dir, actor: 'fuzz' });
        tally.imported++;
      } catch (error) {
        if (!(error instanceof ImportError)) {
          assert.fail(`${what}: unexpected ${(error as Error).stack ?? error}`);
        }
        assert.doesNotMatch(error.message, /\n/, `${what}: one-line reason`);
        assert.deepEqual(await counts(database().connection.db), before_, `${what}: a refused file changes nothing`);
        tally.refused++;
      }
      rmSync(file, { force: true });
      tally.runs++;
    }
    assert.ok(tally.runs >= 5, `at least a few runs in ${SECONDS} s (${JSON.stringify(tally)})`);
    console.log(`fuzz: ${JSON.stringify(tally)}`);
  });
});
