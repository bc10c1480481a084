// A moderator corrects a signature's name in a browser, sees the correction in the signature's
// history with the values before and after, finds it was a mistake and undoes it. axe-core on every
// page on the way (zero violations), no request leaves the server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { MUNICIPALES_2026_FIXTURE } from '../../src/candidates/import/fixtures/paths.ts';
import { importFile } from '../../src/candidates/import/import.service.ts';
import { createSignature, getSignature, transitionSignature } from '../../src/pledges/signatures.service.ts';
import {
  assertNoAxeViolations,
  launchChromium,
  SHOTS_DIR,
  saveScreenshot,
  signIn,
  startTestServer,
  type TestServer,
} from '../../src/testing/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/databases.ts';

const PASSWORD = 'mot de passe solide';

describe('a moderator undoes a correction of a signature in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext | undefined;
  let signatureId = '';

  before(async () => {
    database = await createTestDatabase('sqlite');
    const { db } = database.connection;
    await importFile(database.connection, MUNICIPALES_2026_FIXTURE, {
      reportDir: mkdtempSync(join(tmpdir(), 'pacte-e2e-hist-')),
    });
    const moderator = await createUser(db, { email: 'moderateur@example.org', role: 'moderator', password: PASSWORD });
    const list = await db
      .selectFrom('lists')
      .select('id')
      .where('ballot_id', '=', 'municipales-2026.62498')
      .where('panel', '=', 1)
      .executeTakeFirstOrThrow();
    const created = await createSignature(db, {
      electionId: 'municipales-2026',
      variant: 'list',
      channel: 'paper',
      communeInsee: '62498',
      listId: list.id,
      fields: {
        listName: '',
        listPosition: '1',
        parties: 'Les Écologistes',
        website: '',
        communeName: 'Lens',
        postcode: '62300',
        lastName: 'DUBOIS',
        firstName: 'Hélène',
        phone: '0601020304',
        email: 'helene.dubois@example.org',
        place: 'Lens',
        signedOn: '2026-02-01',
      },
      consentPublish: true,
      consentContact: false,
    });
    signatureId = created.signature.id;
    await transitionSignature(db, signatureId, 'published', moderator.id, 'Vérifiée et publiée');
    server = await startTestServer(database);
    browser = await launchChromium();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    await ctx?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await database?.drop();
    assert.deepEqual(server?.errors ?? [], [], 'no server error');
  });

  test('correct, see the change with before and after, undo it: the name is back and the undo is recorded', async () => {
    const origin = server.origin;
    ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    const page = await ctx.newPage();
    await signIn(page, origin, 'moderateur@example.org', PASSWORD);
    await page.waitForLoadState('load');

    await page.goto(`${origin}/moderation/signatures/${signatureId}`);
    await page.getByRole('heading', { name: 'Corriger la saisie' }).waitFor();
    await assertNoAxeViolations(page, 'the signature with its correction form');
    const lastName = page.getByLabel('Nom (obligatoire)', { exact: true });
    assert.equal(await lastName.inputValue(), 'DUBOIS');
    await lastName.fill('DUBOIS-MARTIN');
    await page.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.getByText('Saisie corrigée').waitFor();
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'signature-corrected.png'), fullPage: true });
    assert.equal((await getSignature(database.connection.db, signatureId))?.fields.lastName, 'DUBOIS-MARTIN');

    await page.getByRole('link', { name: 'Historique détaillé' }).click();
    await page.getByRole('heading', { name: /Historique : signature de Hélène DUBOIS-MARTIN/ }).waitFor();
    const correction = page.locator('ol.history > li').first();
    assert.match(await correction.innerText(), /Correction par un modérateur[\s\S]*Nom\s+DUBOIS\s+DUBOIS-MARTIN/);
    await assertNoAxeViolations(page, 'the history of a signature');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'signature-history.png'), fullPage: true });

    await correction.getByRole('button', { name: 'Annuler cette modification' }).click();
    await page.getByText('Modification annulée').waitFor();
    assert.equal((await getSignature(database.connection.db, signatureId))?.fields.lastName, 'DUBOIS');
    assert.match(
      await page.locator('ol.history > li').first().innerText(),
      /Correction par un modérateur[\s\S]*moderateur@example\.org[\s\S]*Nom\s+DUBOIS-MARTIN\s+DUBOIS/,
      'the undo is the newest entry',
    );
    await assertNoAxeViolations(page, 'the history after the undo');
    await saveScreenshot(page, { path: join(SHOTS_DIR, 'signature-history-reverted.png'), fullPage: true });

    const elsewhere = requests.filter((url) => !url.startsWith(origin));
    assert.deepEqual(elsewhere, [], 'no request leaves the server');
  });
});
