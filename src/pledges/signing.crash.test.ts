// A `pacte serve` killed with SIGKILL (power cut, OOM killer) while signatures are being submitted
// (the public form, and personal invitation links) leaves a consistent database: each signature is
// written with its first event, its tokens and the claim of its invitation in one transaction, so a
// signature is either whole or absent, a link is used only by a signature that exists, and every
// signature the signatory was told about (a 303 to « check your email » or to the thanks page) is
// there after the restart.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { createUser } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { sqlitePath } from '../db/connection.ts';
import { cliBaseEnv, PACTE_BIN } from '../testing/cli.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { issueFormStamp, STAMP_FIELD } from './form-guard.ts';
import { createInvitation } from './signatures.service.ts';

const SECRET = 'secret-de-test-crash-'.padEnd(48, 'x');
const KILLS = 3;
const INVITATIONS = 120;
const FIXTURE = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');

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
  /** Unused personal signing links (raw tokens) for a Lens list. */
  const invitations: string[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-sign-crash-'));
    const { db } = database().connection;
    await importFile(database().connection, FIXTURE, { reportDir: dir });
    const list = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    const volunteer = await createUser(db, { email: 'benevole@crash.test', role: 'volunteer', password: SECRET });
    for (let i = 0; i < INVITATIONS; i++) {
      invitations.push((await createInvitation(db, { listId: list.id }, volunteer.id)).token);
    }
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
  /**
   * One submission — of the public form, or every other time of a personal invitation link while some
   * are left; resolves to the signatory's email when the server acknowledged it.
   */
  async function submit(base: string, tokens: { cookie: string; csrf: string }): Promise<string | undefined> {
    serial++;
    const email = `signataire-${serial}@crash.test`;
    const invitation = serial % 2 === 1 ? invitations.pop() : undefined;
    const body = new URLSearchParams({
      _csrf: tokens.csrf,
      variant: 'list',
      ...(invitation ? {} : { liste: 'autre', listName: `Liste ${serial} pour le libre` }),
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
      [STAMP_FIELD]: issueFormStamp(SECRET, invitation ? 'invitation' : 'signer', Date.now() - 10_000),
    });
    const url = invitation ? `${base}/signer/invitation/${invitation}` : `${base}/signer?commune=62498`;
    try {
      const response = await fetch(url, {
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
      const location = response.headers.get('location') ?? '';
      if (response.status === 303 && (location === '/signer/envoye' || location.startsWith('/signer/merci/'))) {
        return email;
      }
      assert.ok(response.status < 500 || response.status === 503, `unexpected ${response.status}`);
      return undefined;
    } catch {
      return undefined; // the connection died with the server
    }
  }

  const db_ = () => database().connection.db;

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
      .select([
        'id',
        'email',
        'channel',
        'state',
        'confirmation_hash',
        'confirmation_expires_at',
        'access_hash',
        'dedup_key',
        'invitation_id',
      ])
      .where('email', 'like', '%@crash.test')
      .execute();
    const links = await db.selectFrom('signature_invitations').select(['id', 'used_at', 'signature_id']).execute();
    const linkById = new Map(links.map((l) => [l.id, l]));
    for (const row of rows) {
      assert.ok(row.access_hash && row.dedup_key, row.id);
      if (row.channel === 'form') {
        assert.equal(row.state, 'pending_confirmation', row.id);
        assert.ok(row.confirmation_hash && row.confirmation_expires_at, row.id);
      } else {
        assert.equal(row.channel, 'link', row.id);
        assert.equal(row.state, 'to_verify', row.id);
        const link = linkById.get(row.invitation_id ?? '');
        assert.ok(link?.used_at && link.signature_id === row.id, `the link of ${row.id} is used, by it`);
      }
    }
    const ids = new Set(rows.map((r) => r.id));
    for (const link of links) {
      assert.equal(link.used_at === null, link.signature_id === null, `link ${link.id}: used if and only if signed`);
      if (link.signature_id) assert.ok(ids.has(link.signature_id), `link ${link.id}: its signature exists`);
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
    const viaLinks = await db_()
      .selectFrom('signatures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', 'link')
      .executeTakeFirstOrThrow();
    assert.ok(Number(viaLinks.n) > 0, 'signatures through invitation links were among them');
    console.log(`signatures acknowledged: ${confirmed.size} of ${attempted} attempts, ${stored} stored`);
    assert.ok(confirmed.size >= KILLS, `signatures acknowledged: ${confirmed.size} of ${attempted} attempts`);
    assert.ok(stored >= confirmed.size, `${stored} stored`);
  });
});
