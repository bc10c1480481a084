// Scale-out over real HTTP: two application servers on one PostgreSQL database, as in the deployment
// of docs/deployment.md (two `pacte serve` behind a round-robin proxy), each running its job worker.
// PostgreSQL only: several instances on one database is the PostgreSQL deployment (SQLite is one
// machine; src/web/scale-out.test.ts checks sessions and limits in-process on both engines).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serve } from '@hono/node-server';
import { createUser, LOGIN_LIMIT } from '../accounts/users.service.ts';
import { importFile } from '../candidates/import/import.service.ts';
import { loadConfig } from '../config.ts';
import { type Connection, connect } from '../db/connection.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { MIN_FILL_MS } from '../pledges/form-guard.ts';
import { SIGNATURE_MAIL_JOB } from '../pledges/signature-mail.jobs.ts';
import { TestClient } from '../testing/client.ts';
import { createTestDatabase, type TestDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { createApp } from '../web/app.tsx';
import { JobQueue } from './queue.ts';

const FIXTURE = join(import.meta.dirname, '..', 'candidates', 'import', 'fixtures', 'municipales-2026.csv');
const SIGNERS = 20;
const PASSWORD = 'correct horse battery';

describe('two HTTP instances on one PostgreSQL database [postgres]', () => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const instances: { origin: string; queue: JobQueue; close(): Promise<void> }[] = [];
  const connections: Connection[] = [];
  const errors: unknown[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pacte-scale-out-'));

  before(async () => {
    database = await createTestDatabase('postgres');
    smtp = await startSmtpServer();
    await importFile(database.connection, FIXTURE, { reportDir: dir });
    await createUser(database.connection.db, { email: 'elu@example.org', role: 'moderator', password: PASSWORD });
    for (const name of ['a', 'b']) {
      // Each instance has its own pool, worker and secret read from the database, like `pacte serve`.
      const connection = connect(database.url);
      connections.push(connection);
      const config = loadConfig({ DATABASE_URL: database.url, BASE_URL: 'http://pacte.test', SMTP_URL: smtp.url });
      config.sessionSecret = await ensureSessionSecret(connection.db);
      const logError = (e: unknown) => errors.push(e);
      const queue = new JobQueue(connection, { workerId: `instance-${name}`, pollMs: 50, logError });
      const server = serve({ fetch: createApp({ connection, config, logError, jobQueue: queue }).fetch, port: 0 });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      queue.start();
      instances.push({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        queue,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      });
    }
  });
  after(async () => {
    for (const instance of instances) {
      await instance.close();
      await instance.queue.stop();
    }
    for (const connection of connections) await connection.close();
    await smtp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(errors, []);
  });

  /** A browser talking to instance `i` over HTTP; browsers made with the same `cookies` share them. */
  const browser = (i: number, cookies = new Map<string, string>()) => {
    const origin = (instances[i] as { origin: string }).origin;
    const client = new TestClient({
      request: (path: string, init?: RequestInit) => fetch(origin + path, init),
    } as never);
    Object.assign(client, { cookies });
    return client;
  };

  test(`${SIGNERS} people sign at once through both instances: every signature stored once, every email sent once`, async () => {
    const signers = Array.from({ length: SIGNERS }, (_, i) => ({ i, from: browser(i % 2), to: i % 2 }));
    const forms = await Promise.all(
      signers.map(async ({ from }) => {
        const html = await (await from.get('/signer?commune=62498&cp=62300')).text();
        const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
        return { csrf: field('_csrf'), stamp: field('formulaire_ouvert') };
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, MIN_FILL_MS + 100));
    // The form served by one instance is posted to the other (a round-robin proxy); five people double-click.
    const submit = async (i: number, instance: number) => {
      const client = browser(instance, (signers[i] as { from: TestClient }).from.cookies);
      const form = forms[i] as { csrf: string; stamp: string };
      const response = await client.request('/signer?commune=62498', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${i}` },
        body: new URLSearchParams({
          _csrf: form.csrf,
          formulaire_ouvert: form.stamp,
          variant: 'individual',
          liste: 'autre',
          listName: `Liste citoyenne ${i}`,
          listPosition: '3',
          postcode: '62300',
          lastName: `Signataire-${i}`,
          firstName: 'Élodie',
          email: `signataire-${i}@example.org`,
          place: 'Lens',
          signedOn: '2026-11-22',
          consentPublish: 'oui',
        }).toString(),
      });
      await response.arrayBuffer();
      return { i, status: response.status, location: response.headers.get('location') };
    };
    const results = await Promise.all([
      ...signers.map(({ i }) => submit(i, (i + 1) % 2)),
      ...[0, 1, 2, 3, 4].map((i) => submit(i, i % 2)),
    ]);
    for (const r of results) assert.deepEqual([r.status, r.location], [303, '/signer/envoye'], `signer ${r.i}`);

    const db = database.connection.db;
    const rows = await db.selectFrom('signatures').select('email').where('email', 'like', 'signataire-%').execute();
    assert.equal(rows.length, SIGNERS, 'none lost, none duplicated');
    assert.equal(new Set(rows.map((r) => r.email)).size, SIGNERS);

    // One email per accepted submission (a double click gets « already recorded »), each sent once.
    const expected = results.length;
    const started = Date.now();
    while (smtp.received.length < expected && Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more arrives
    assert.equal(smtp.received.length, expected);
    const perRecipient = new Map<string, number>();
    for (const mail of smtp.received) {
      for (const to of mail.envelope.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    for (const { i } of signers) assert.equal(perRecipient.get(`signataire-${i}@example.org`), i < 5 ? 2 : 1);
    smtp.received.splice(0);
    const jobs = await db
      .selectFrom('jobs')
      .select(['status', 'locked_by'])
      .where('kind', '=', SIGNATURE_MAIL_JOB)
      .execute();
    assert.equal(jobs.length, expected);
    assert.ok(
      jobs.every((j) => j.status === 'done'),
      'every email job done',
    );
    assert.ok(
      jobs.some((j) => j.locked_by === 'instance-a') && jobs.some((j) => j.locked_by === 'instance-b'),
      'both workers sent some',
    );
  });

  test('a session opened on instance A is valid on instance B', async () => {
    const cookies = new Map<string, string>();
    const [a, b] = [browser(0, cookies), browser(1, cookies)];
    assert.equal((await a.login('elu@example.org', PASSWORD)).status, 303);
    assert.equal((await b.get('/moderation')).status, 200);
    assert.equal((await browser(1).get('/moderation')).status, 303, 'without the cookie: sent to the login page');
  });

  test(`the login limit counts failures on both instances (${LOGIN_LIMIT})`, async () => {
    await createUser(database.connection.db, { email: 'cible@example.org', role: 'volunteer', password: PASSWORD });
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      assert.equal((await browser(i % 2).login('cible@example.org', `essai ${i}`)).status, 401);
    }
    assert.equal((await browser(0).login('cible@example.org', PASSWORD)).status, 429);
    assert.equal((await browser(1).login('cible@example.org', PASSWORD)).status, 429);
  });
});
