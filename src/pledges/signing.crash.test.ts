// A `pacte serve` killed with SIGKILL (power cut, OOM killer) while signatures are being submitted
// leaves a consistent database: each signature is written with its first event and its tokens in one
// transaction, so a signature is either whole or absent, and every one the signatory was told about
// (a 303 to « check your email ») is there after the restart.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { sqlitePath } from '../db/connection.ts';
import { cliBaseEnv, PACTE_BIN } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { issueFormStamp, STAMP_FIELD } from './form-guard.ts';

const SECRET = 'secret-de-test-crash-'.padEnd(48, 'x');
const KILLS = 3;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

forEachDatabase('a server killed while signatures are submitted', (database) => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-sign-crash-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function startServer(): Promise<{ child: ChildProcess; base: string; exited: Promise<unknown> }> {
    const port = await freePort();
    // Its own process group: bin/pacte.js starts the pinned node as a child, and both must die at once.
    const child = spawn(process.execPath, [PACTE_BIN, 'serve'], {
      cwd: dir,
      env: {
        ...cliBaseEnv(),
        DATABASE_URL: database().url,
        PORT: String(port),
        BASE_URL: `http://127.0.0.1:${port}`,
        SESSION_SECRET: SECRET,
      },
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      assert.ok(Date.now() < deadline, 'the server answered /health within a minute');
      await new Promise((r) => setTimeout(r, 100));
    }
    return { child, base, exited };
  }

  /** The anti-CSRF cookie and token of the signing form (an anonymous visitor: reusable). */
  async function formTokens(base: string): Promise<{ cookie: string; csrf: string }> {
    const response = await fetch(`${base}/signer?commune=62498`);
    const html = await response.text();
    const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.ok(cookie && csrf, 'the form carries an anti-CSRF token');
    return { cookie, csrf: csrf.replace(/&amp;/g, '&') };
  }

  let serial = 0;
  /** One submission of the public form; resolves to the signatory's email when the server said « sent ». */
  async function submit(base: string, tokens: { cookie: string; csrf: string }): Promise<string | undefined> {
    serial++;
    const email = `signataire-${serial}@crash.test`;
    const body = new URLSearchParams({
      _csrf: tokens.csrf,
      variant: 'list',
      liste: 'autre',
      listName: `Liste ${serial} pour le libre`,
      listPosition: '1',
      parties: '',
      website: '',
      postcode: '62300',
      lastName: `NOM${serial}`,
      firstName: 'Prénom',
      phone: '',
      email,
      place: 'Lens',
      signedOn: '2026-02-01',
      comment: '',
      [STAMP_FIELD]: issueFormStamp(SECRET, 'signer', Date.now() - 10_000),
    });
    try {
      const response = await fetch(`${base}/signer?commune=62498`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: tokens.cookie,
          // Each signer from their own address (the server trusts a local proxy's header): no rate limit.
          'x-forwarded-for': `198.51.${Math.floor(serial / 250) % 250}.${serial % 250}`,
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status === 303 && response.headers.get('location') === '/signer/envoye') return email;
      assert.ok(response.status < 500 || response.status === 503, `unexpected ${response.status}`);
      return undefined;
    } catch {
      return undefined; // the connection died with the server
    }
  }

  async function checkConsistency(confirmed: Set<string>) {
    const { db } = database().connection;
    if (database().url.startsWith('sqlite:')) {
      const raw = new DatabaseSync(sqlitePath(database().url));
      try {
        assert.equal(
          (raw.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check,
          'ok',
        );
        assert.deepEqual(raw.prepare('PRAGMA foreign_key_check').all(), [], 'no broken foreign key');
      } finally {
        raw.close();
      }
    }
    const rows = await db
      .selectFrom('signatures')
      .select(['id', 'email', 'state', 'confirmation_hash', 'confirmation_expires_at', 'access_hash', 'dedup_key'])
      .where('email', 'like', '%@crash.test')
      .execute();
    for (const row of rows) {
      assert.equal(row.state, 'pending_confirmation', row.id);
      assert.ok(row.confirmation_hash && row.confirmation_expires_at && row.access_hash && row.dedup_key, row.id);
    }
    const firstEvents = await db
      .selectFrom('signature_events')
      .select(['signature_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('from_state', 'is', null)
      .groupBy('signature_id')
      .execute();
    const eventsBySignature = new Map(firstEvents.map((e) => [e.signature_id, Number(e.n)]));
    for (const row of rows) assert.equal(eventsBySignature.get(row.id), 1, `one « reçue » event for ${row.id}`);
    const orphans = await sql<{ n: number }>`SELECT count(*) AS n FROM signature_events e
      WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.id = e.signature_id)`.execute(db);
    assert.equal(Number(orphans.rows[0]?.n), 0, 'no event without its signature');
    const emails = new Set(rows.map((r) => r.email));
    assert.equal(emails.size, rows.length, 'no signature twice');
    const lost = [...confirmed].filter((e) => !emails.has(e));
    assert.deepEqual(lost, [], 'every signature acknowledged before the kill is there');
    return rows.length;
  }

  test(`SIGKILL ${KILLS} times at different moments of a stream of signatures: each restart finds every acknowledged signature, whole`, async () => {
    const confirmed = new Set<string>();
    let attempted = 0;
    for (let round = 0; round < KILLS; round++) {
      const { child, base, exited } = await startServer();
      const tokens = await formTokens(base);
      // Eight signers at a time; the plug is pulled once a few of them got their answer, a little
      // later each round, so that other submissions are at different points of their request.
      const wanted = confirmed.size + 2 + round * 2;
      let stop = false;
      const workers = Array.from({ length: 8 }, async () => {
        while (!stop) {
          attempted++;
          const email = await submit(base, tokens);
          if (email) confirmed.add(email);
        }
      });
      const deadline = Date.now() + 120_000;
      while (confirmed.size < wanted) {
        assert.ok(Date.now() < deadline, 'signatures were acknowledged within two minutes');
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, round * 150));
      process.kill(-(child.pid as number), 'SIGKILL');
      stop = true;
      await exited;
      await Promise.all(workers);
      await checkConsistency(confirmed);
    }
    // The last restart serves signatures again.
    const { child, base, exited } = await startServer();
    try {
      const email = await submit(base, await formTokens(base));
      assert.ok(email, 'a signature after the last restart is acknowledged');
      confirmed.add(email);
    } finally {
      process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
    }
    const stored = await checkConsistency(confirmed);
    console.log(`signatures acknowledged: ${confirmed.size} of ${attempted} attempts, ${stored} stored`);
    assert.ok(confirmed.size >= KILLS, `signatures acknowledged: ${confirmed.size} of ${attempted} attempts`);
    assert.ok(stored >= confirmed.size, `${stored} stored`);
  });
});
