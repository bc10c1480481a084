// `pacte serve` with WEB_CONCURRENCY=2 (src/web/workers.ts): two processes answer on one port, signatures
// sent to both at once are all stored (SQLite: transactions take the write lock at BEGIN, so one process
// waits for the other instead of failing), a killed worker is replaced, SIGTERM stops everything.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MUNICIPALES_2026_FIXTURE } from '../candidates/import/fixtures/paths.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { issueFormStamp, STAMP_FIELD } from '../pledges/form-guard.ts';
import { cliBaseEnv, PACTE_BIN } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { freePort } from '../testing/postgres-server.ts';

const SECRET = 'secret-de-test-processus-'.padEnd(48, 'x');
const SIGNERS = 40;

/** Every process below `pid` (bin/pacte.js starts the pinned node, which forks the workers). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** A GET on a connection of its own (fetch would reuse one, always reaching the same process). */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    }).on('error', reject);
  });
}

function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out: ${what}`));
      else setTimeout(tick, 50);
    };
    tick();
  });
}

forEachDatabase('pacte serve with two processes (WEB_CONCURRENCY=2)', (database) => {
  let dir = '';
  let server: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';
  let base = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-workers-'));
    await importFile(database().connection, MUNICIPALES_2026_FIXTURE, { reportDir: dir });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [PACTE_BIN, 'serve'], {
      cwd: dir,
      env: {
        ...cliBaseEnv(),
        DATABASE_URL: database().url,
        PORT: String(port),
        BASE_URL: base,
        SESSION_SECRET: SECRET,
        WEB_CONCURRENCY: '2',
      },
      detached: true,
    });
    server.stdout?.on('data', (d) => {
      stdout += d;
    });
    server.stderr?.on('data', (d) => {
      stderr += d;
    });
    await until('ready', () => /prêt/.test(stdout) || server?.exitCode !== null);
    assert.equal(server.exitCode, null, stderr);
  });
  after(() => {
    if (server?.pid && server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** The processes that wrote request lines in the log since `from` (a stdout offset). */
  const servingPids = (from = 0) =>
    new Set(
      stdout
        .slice(from)
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('"path"'))
        .map((line) => (JSON.parse(line) as { pid?: number }).pid),
    );

  test('says it is ready with two processes, which both answer on the one port', async () => {
    const dialect = database().url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
    assert.match(
      stdout,
      new RegExp(
        `Pacte prêt en [\\d.]+ s : ${base.replace('127.0.0.1', 'localhost')} \\(base ${dialect}, 2 processus\\)`,
      ),
    );
    for (let i = 0; i < 40; i++) assert.equal(await getOnNewConnection(`${base}/communes/62498`), 200);
    await new Promise((r) => setTimeout(r, 200));
    const pids = servingPids();
    assert.equal(pids.size, 2, `two processes served the pages: ${[...pids].join(', ')}`);
    assert.ok(![...pids].includes(undefined), 'each log line names its process');
  });

  test(`${SIGNERS} signatures sent at once, spread over both processes: every one acknowledged and stored once`, async () => {
    const form = await fetch(`${base}/signer?commune=62498`);
    const cookie = (form.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const csrf = (/name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '').replace(/&amp;/g, '&');
    const from = stdout.length;
    const statuses = await Promise.all(
      Array.from({ length: SIGNERS }, async (_, i) => {
        const response = await fetch(`${base}/signer?commune=62498`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie,
            'x-forwarded-for': `198.51.100.${i + 1}`,
          },
          body: new URLSearchParams({
            _csrf: csrf,
            variant: 'list',
            liste: 'autre',
            listName: `Liste ${i} pour le libre`,
            listPosition: '1',
            parties: '',
            website: '',
            postcode: '62300',
            lastName: `NOM${i}`,
            firstName: 'Prénom',
            phone: '',
            email: `signataire-${i}@processus.test`,
            place: 'Lens',
            signedOn: '2026-02-01',
            comment: '',
            [STAMP_FIELD]: issueFormStamp(SECRET, 'signer', Date.now() - 10_000),
          }),
        });
        await response.arrayBuffer();
        return `${response.status} ${response.headers.get('location')}`;
      }),
    );
    assert.deepEqual(new Set(statuses), new Set(['303 /signer/envoye']), statuses.join('\n'));
    const stored = await database()
      .connection.db.selectFrom('signatures')
      .select(({ fn }) => [fn.countAll<number>().as('n'), fn.count<number>('email').distinct().as('emails')])
      .where('email', 'like', '%@processus.test')
      .executeTakeFirstOrThrow();
    assert.deepEqual([Number(stored.n), Number(stored.emails)], [SIGNERS, SIGNERS]);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(servingPids(from).size, 2, 'both processes took signatures');
    assert.doesNotMatch(stdout, /"level":50/, 'no server error logged');
  });

  test('a worker killed with SIGKILL is replaced; SIGTERM then stops every process', async () => {
    const pid = server?.pid ?? 0;
    const before = descendants(pid);
    const victim = [...servingPids()].find((p) => p !== undefined && before.includes(p));
    assert.ok(victim, `a serving worker among ${before.join(', ')}`);
    process.kill(victim, 'SIGKILL');
    await until('replaced', () => /un autre le remplace/.test(stderr));
    await until('the replacement listens', () => /a pris le relais/.test(stderr), 30_000);
    const from = stdout.length;
    for (let i = 0; i < 40 && servingPids(from).size < 2; i++) {
      assert.equal(await getOnNewConnection(`${base}/communes/62498`), 200);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(servingPids(from).size, 2, `the replacement serves too: ${[...servingPids(from)].join(', ')}`);
    assert.ok(!servingPids(from).has(victim), 'the killed process is gone');

    const running = descendants(pid);
    const exited = new Promise<number | null>((resolve) => server?.once('exit', resolve));
    process.kill(pid, 'SIGTERM');
    assert.equal(await exited, 0, 'pacte serve exits 0');
    await until('no process left', () => running.every((p) => !existsProcess(p)), 10_000);
  });
});

function existsProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
