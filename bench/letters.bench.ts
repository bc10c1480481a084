// Batch letters for a département: 1,000 synthetic lists (with their heads) spread over the communes
// of the Pas-de-Calais in a scratch SQLite database, then the whole département as one PDF to print
// and as a ZIP of ODTs (default municipales template), each in its own process so its peak memory
// (max RSS) is its own.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { connect } from '../src/db/connection.ts';
import { odtZipChunks } from '../src/outreach/letters/letter-odt.ts';
import { letterPdfChunks } from '../src/outreach/letters/letter-pdf.ts';
import { lettersOfZone, type Sender } from '../src/outreach/letters/letters.service.ts';
import { type BenchReport, isMain, log, output, preparedSqlite, ROOT, seededRandom, tsArgs } from './support.ts';

const LISTS = 1_000;
const DEPARTEMENT = '62';
const ELECTION = 'municipales-2026';
const TARGET_PDF_S = 30;
const TARGET_RSS_MB = 300;

const SENDER: Sender = {
  organisationName: 'Cliss XXI',
  organisationSite: 'https://www.cliss21.com',
  address: '23 avenue Jean Jaurès\n62800 Liévin',
  volunteerName: 'Lucien Petit',
  signature: '',
  place: 'Liévin',
};

const FIRST = ['Hélène', 'François', 'Zoé', 'Noël', 'Jérôme', 'Gaëlle', 'Anaïs', 'Éric', 'Cécile', 'Loïc'];
const LAST = ['LŒUVRE', 'GARÇON', 'ÉPÉE', 'CŒUR', 'DUPONT', 'LEFÈVRE', 'MÉNARD', 'BŒUF', 'FAURÉ', 'NOËL'];
const WORDS = ['Ensemble', 'pour', 'Agir', 'demain', 'libre', 'Avenir', 'citoyen', 'écologique', 'solidaire'];

interface ChildResult {
  seconds: number;
  /** CPU time of the process (user + system) over the same span: less sensitive to other work. */
  cpuSeconds: number;
  maxRssMb: number;
  letters: number;
  bytes: number;
  /** Pages of the PDF (0 for the ZIP). */
  pages: number;
}

/** Child mode: one format for the whole département, written to a file. */
async function child(databaseUrl: string, format: 'pdf' | 'zip') {
  const connection = connect(databaseUrl);
  const file = join(tmpdir(), `pacte-bench-lettres.${format}`);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const letters = await lettersOfZone(
    connection.db,
    { id: 'bench', email: 'bench@pacte.test', role: 'admin' },
    'municipales-pacte',
    ELECTION,
    { kind: 'departement', code: DEPARTEMENT },
    SENDER,
    { baseUrl: 'https://pacte.example' },
  );
  let count = 0;
  const counted = (async function* () {
    for await (const letter of letters) {
      count++;
      yield letter;
    }
  })();
  const chunks = format === 'pdf' ? letterPdfChunks(counted) : odtZipChunks(counted);
  await pipeline(chunks, createWriteStream(file));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  await connection.close();
  const result: ChildResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    letters: count,
    bytes: statSync(file).size,
    pages: format === 'pdf' ? (readFileSync(file, 'latin1').match(/\/Type \/Page \/Parent/g)?.length ?? 0) : 0,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function inChild(databaseUrl: string, format: 'pdf' | 'zip'): Promise<ChildResult> {
  const proc = spawn(process.execPath, tsArgs('bench/letters.bench.ts', '--child', databaseUrl, format), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
  if (code !== 0) throw new Error(`letters child exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildResult;
}

/** 1,000 lists with their heads, spread over the département's communes (larger ones get more). */
async function seedLists(db: Awaited<ReturnType<typeof preparedSqlite>>['connection']['db']) {
  const communes = await db
    .selectFrom('communes')
    .select(['insee', 'name', 'population'])
    .where('departement_code', '=', DEPARTEMENT)
    .where('kind', '=', 'commune')
    .orderBy('population', 'desc')
    .execute();
  const random = seededRandom(62);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
  const perCommune = new Map<string, number>();
  for (let i = 0; i < LISTS; i++) {
    // Half the lists in the 100 largest communes, the rest anywhere.
    const commune = i % 2 === 0 ? (communes[i % 100] ?? pick(communes)) : pick(communes);
    perCommune.set(commune.insee, (perCommune.get(commune.insee) ?? 0) + 1);
  }
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    for (const [insee, n] of perCommune) {
      const ballot = `${ELECTION}.${insee}`;
      const name = communes.find((c) => c.insee === insee)?.name ?? insee;
      await tx
        .insertInto('ballots')
        .values({ id: ballot, election_id: ELECTION, territory_kind: 'commune', territory_code: insee, name })
        .execute();
      for (let panel = 1; panel <= n; panel++) {
        const list = `${ballot}.${panel}`;
        const first = pick(FIRST);
        const last = pick(LAST);
        await tx
          .insertInto('lists')
          .values({
            id: list,
            ballot_id: ballot,
            panel,
            short_name: `LISTE ${panel}`,
            name: `${pick(WORDS)} ${pick(WORDS)} « ${name} » ${pick(WORDS)}`,
            nuance_code: 'LDVG',
            website: null,
            locked: 0,
            edited_fields: null,
          })
          .execute();
        await tx
          .insertInto('people')
          .values({
            id: `p-${list}`,
            last_name: last,
            first_name: first,
            sex: random() < 0.5 ? 'F' : 'M',
            birth_date: null,
            search: `${last} ${first}`.toLowerCase(),
            merged_into: null,
            created_at: now,
          })
          .execute();
        await tx
          .insertInto('candidacies')
          .values({
            id: `${list}.1`,
            ballot_id: ballot,
            list_id: list,
            person_id: `p-${list}`,
            position: 1,
            panel,
            head: 1,
            nuance_code: 'LDVG',
            sex: random() < 0.5 ? 'F' : 'M',
            last_name: last,
            first_name: first,
            birth_date: null,
            nationality: 'FRA',
          })
          .execute();
      }
    }
  });
  return perCommune.size;
}

async function main() {
  log('letters: preparing a scratch SQLite database with the territories…');
  const db = await preparedSqlite();
  try {
    const communes = await seedLists(db.connection.db);
    await db.connection.close();
    log(`letters: ${LISTS} lists in ${communes} communes of département ${DEPARTEMENT}; one PDF…`);
    const pdf = await inChild(db.url, 'pdf');
    log(`letters: ${pdf.letters} letters in ${pdf.seconds.toFixed(1)} s; a ZIP of ODTs…`);
    const zip = await inChild(db.url, 'zip');
    const report: BenchReport = {
      id: 'letters',
      title: `Batch letters for a département (${LISTS} lists, default municipales template, SQLite)`,
      metrics: [
        { name: 'one PDF to print: time', value: pdf.seconds, unit: 's', target: { op: '<=', value: TARGET_PDF_S } },
        { name: 'one PDF to print: CPU time', value: pdf.cpuSeconds, unit: 's' },
        {
          name: 'one PDF to print: peak memory (max RSS, MB)',
          value: pdf.maxRssMb,
          unit: '',
          target: { op: '<=', value: TARGET_RSS_MB },
        },
        { name: 'ZIP of ODTs: time', value: zip.seconds, unit: 's' },
        { name: 'ZIP of ODTs: CPU time', value: zip.cpuSeconds, unit: 's' },
        {
          name: 'ZIP of ODTs: peak memory (max RSS, MB)',
          value: zip.maxRssMb,
          unit: '',
          target: { op: '<=', value: TARGET_RSS_MB },
        },
      ],
      notes: [
        `${pdf.letters} letters (${communes} communes); PDF ${pdf.pages} pages, ${(pdf.bytes / 1e6).toFixed(1)} MB; ZIP ${(zip.bytes / 1e6).toFixed(1)} MB`,
        'times include reading the recipients from the database and writing the file; each format in its own process',
      ],
    };
    output(report);
  } finally {
    db.remove();
  }
}

if (isMain(import.meta.url)) {
  const [mode, url, format] = process.argv.slice(2);
  if (mode === '--child' && url && (format === 'pdf' || format === 'zip')) await child(url, format);
  else await main();
}
