// Attack: path traversal in downloads. A secret file is planted beside the upload folders; every route
// that takes a parameter (read from the Hono router: uploaded documents, response documents, import
// reports, personal-data exports, static files, open-data files…) is given `../`, encoded and
// double-encoded dots and slashes, backslashes, absolute paths, NUL bytes, overlong names and other
// files' ids, by an administrator (who may open every private download). The secret never comes
// back, nothing crashes; uploads are served as attachments of a checked type, never sniffed (the
// moderators' viewer shows a checked image or PDF inline, sandboxed by its Content-Security-Policy).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { logContact, recordResponse } from '../../src/outreach/contacts.service.ts';
import { type OutreachFixture, PASSWORD, seedOutreach } from '../../src/outreach/outreach.fixtures.ts';
import { responseDocumentsDir } from '../../src/outreach/response-documents.ts';
import { resolveTarget } from '../../src/outreach/targets.service.ts';
import { documentsDir, storeDocument } from '../../src/pledges/documents.storage.ts';
import { createSignature } from '../../src/pledges/signatures.service.ts';
import { TestClient } from '../../src/testing/client.ts';
import { forEachDatabase } from '../../src/testing/databases.ts';
import { createApp } from '../../src/web/app.tsx';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const SECRET = `SECRET-PLANTE-${Math.random().toString(36).slice(2)}`;
const SAFE_UPLOAD_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream']);

forEachDatabase('path traversal in downloads', (database) => {
  let dir = '';
  let data = '';
  let f: OutreachFixture;
  let config: ReturnType<typeof loadConfig>;
  const ids = { response: '', signature: '', tamperedResponses: [] as string[], tamperedSignatures: [] as string[] };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-traversal-'));
    data = join(dir, 'data');
    config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: 'http://pacte.test' });
    config.outboxDir = join(data, 'outbox');
    mkdirSync(join(data, 'uploads'), { recursive: true });
    for (const place of [dir, data, join(data, 'uploads')]) writeFileSync(join(place, 'secret.txt'), SECRET);
    const { db } = database().connection;
    f = await seedOutreach(db);
    const lens = f.lists['62498']?.[0] as string;
    const target = await resolveTarget(db, 'list', lens);
    const contact = await logContact(db, f.users.volunteer, target, {
      channel: 'telephone',
      contactedOn: '2026-01-10',
      notes: 'appel',
      nextStep: '',
      nextStepDue: '',
    });
    const response = async (path: string) =>
      recordResponse(
        db,
        f.users.volunteer,
        target,
        {
          receivedOn: '2026-01-12',
          verbatim: 'Réponse',
          classification: 'favorable',
          level: '1',
          consent: false,
          document: { path, name: 'réponse "signée".png' },
        },
        { contactId: contact.id },
      );
    ids.response = await response((await storeDocument(responseDocumentsDir(config), PNG)).path);
    const signature = async (path: string) =>
      (
        await createSignature(db, {
          electionId: 'municipales-2026',
          variant: 'list',
          channel: 'paper',
          communeInsee: '62498',
          listId: lens,
          fields: {
            listName: '',
            listPosition: '1',
            parties: '',
            website: '',
            communeName: 'Lens',
            postcode: '62300',
            lastName: 'NOM',
            firstName: 'Prénom',
            phone: '',
            email: '',
            place: 'Lens',
            signedOn: '2026-01-15',
          },
          consentPublish: false,
          consentContact: false,
          document: { path, contentType: 'image/png', size: PNG.length, sha256: '' },
        })
      ).signature.id;
    ids.signature = await signature((await storeDocument(documentsDir(config), PNG)).path);
    // Rows whose stored path was tampered with (a bug elsewhere, a restored old backup, an SQL injection).
    const evil = [
      '../secret.txt',
      '../../secret.txt',
      '../../../secret.txt',
      join(data, 'secret.txt'),
      '..\\secret.txt',
    ];
    for (const path of evil) {
      ids.tamperedResponses.push(await response(path));
      ids.tamperedSignatures.push(await signature(path));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every route with a parameter, given traversal payloads: never the secret, never a crash', async () => {
    const errors: unknown[] = [];
    const app = createApp({ connection: database().connection, config, logError: (e) => errors.push(e) });
    const admin = new TestClient(app);
    assert.equal((await admin.login(f.users.admin.email, PASSWORD)).status, 303);
    const payloads = [
      '../secret.txt',
      '..%2fsecret.txt',
      '%2e%2e/secret.txt',
      '%2e%2e%2fsecret.txt',
      '..%252fsecret.txt',
      '..%5csecret.txt',
      '..\\secret.txt',
      '....//secret.txt',
      '%2fetc%2fpasswd',
      encodeURIComponent(join(data, 'secret.txt')),
      'secret.txt%00.pdf',
      '%00',
      'a'.repeat(5000),
      ids.response,
      ids.signature,
    ];
    const gets = [...new Set(app.routes.filter((r) => r.method === 'GET' && r.path.includes(':')).map((r) => r.path))];
    assert.ok(gets.length >= 20, `${gets.length} routes with a parameter`);
    const leaks: string[] = [];
    let tried = 0;
    for (const pattern of gets) {
      for (const payload of payloads) {
        // Each parameter in turn gets the payload; the others a plain value.
        const params = [...pattern.matchAll(/:([A-Za-z]+)(\{[^}]*\})?/g)];
        for (const target of params) {
          let path = pattern;
          for (const p of params) path = path.replace(p[0], p === target ? payload : 'x1');
          path = path.replace(/\*$/, '');
          for (const url of [path, `${path}?telecharger=1`]) {
            tried++;
            const response = await admin.get(url);
            const body = Buffer.from(await response.arrayBuffer()).toString('latin1');
            if (body.includes(SECRET)) leaks.push(`${url} served the secret`);
            if (/root:.*:0:0:/.test(body)) leaks.push(`${url} served /etc/passwd`);
            if (response.status >= 500) leaks.push(`${url} → ${response.status}`);
          }
        }
      }
    }
    // Traversal through the files' own URLs too (the router normalises nothing itself).
    for (const raw of [
      '/static/../secret.txt',
      '/static/..%2fsecret.txt',
      '/static/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/static/..%5c..%5csecret.txt',
      '/reponses/../../secret.txt',
      `/reponses/${ids.response}/document/../../../secret.txt`,
      `/moderation/signatures/${ids.signature}/document%2f..%2f..%2fsecret.txt`,
    ]) {
      tried++;
      const response = await admin.get(raw);
      const body = await response.text();
      if (body.includes(SECRET) || response.status >= 500) leaks.push(`${raw} → ${response.status}`);
    }
    for (const id of ids.tamperedResponses) {
      const response = await admin.get(`/reponses/${id}/document`);
      const body = await response.text();
      if (body.includes(SECRET) || response.status !== 404) leaks.push(`tampered response ${id} → ${response.status}`);
    }
    for (const id of ids.tamperedSignatures) {
      const response = await admin.get(`/moderation/signatures/${id}/document`);
      const body = await response.text();
      if (body.includes(SECRET) || response.status !== 404) leaks.push(`tampered signature ${id} → ${response.status}`);
    }
    assert.deepEqual(leaks, []);
    assert.ok(tried > 500, `${tried} requests`);
    assert.deepEqual(errors, []);
  });

  test('uploads: attachments of their checked type (inline only sandboxed, for moderators), never sniffed, never cached publicly', async () => {
    const app = createApp({ connection: database().connection, config, logError: () => {} });
    const admin = new TestClient(app);
    assert.equal((await admin.login(f.users.admin.email, PASSWORD)).status, 303);
    for (const url of [
      `/reponses/${ids.response}/document`,
      `/moderation/signatures/${ids.signature}/document?telecharger=1`,
      `/moderation/signatures/${ids.signature}/document`,
    ]) {
      const response = await admin.get(url);
      assert.equal(response.status, 200, url);
      const type = (response.headers.get('content-type') ?? '').split(';')[0] as string;
      assert.ok(SAFE_UPLOAD_TYPES.has(type), `${url}: ${type}`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
      const disposition = response.headers.get('content-disposition') ?? '';
      assert.match(disposition, /^(attachment|inline); filename="[^"/\\]+"/, url);
      // Inline only for moderators' viewing of a checked image or PDF, sandboxed.
      if (disposition.startsWith('inline')) {
        assert.ok(url.startsWith('/moderation/') && type !== 'application/octet-stream', url);
        assert.match(response.headers.get('content-security-policy') ?? '', /\bsandbox\b/, url);
      }
      assert.match(response.headers.get('cache-control') ?? '', /private|no-store/, url);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), PNG, url);
    }
  });
});
