// Journey 3 and moderation in a browser: a volunteer keys in a paper signature with its scan, a
// moderator verifies and publishes it from the queue, and it appears on the commune page and in
// /signataires.csv. axe-core on every page on the way (zero violations), no request leaves the server.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { MUNICIPALES_2026_FIXTURE } from '../../src/candidates/import/fixtures/paths.ts';
import { importFile } from '../../src/candidates/import/import.service.ts';
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
const PHONE = '07 55 44 33 22';
const EMAIL = 'kaczmarek.papier@example.org';
/** A real (tiny) PNG: 1×1 pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('paper signature, moderation and publication in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let origin = '';
  const contexts: { ctx: BrowserContext; requests: string[] }[] = [];

  async function signedIn(email: string): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    contexts.push({ ctx, requests });
    const page = await ctx.newPage();
    await signIn(page, origin, email, PASSWORD);
    await page.waitForLoadState('load');
    return page;
  }

  before(async () => {
    database = await createTestDatabase('sqlite');
    await importFile(database.connection, MUNICIPALES_2026_FIXTURE, {
      reportDir: mkdtempSync(join(tmpdir(), 'pacte-e2e-mod-')),
    });
    await createUser(database.connection.db, { email: 'benevole@example.org', role: 'volunteer', password: PASSWORD });
    await createUser(database.connection.db, {
      email: 'moderateur@example.org',
      role: 'moderator',
      password: PASSWORD,
    });
    server = await startTestServer(database);
    origin = server.origin;
    browser = await launchChromium();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    for (const { ctx } of contexts) await ctx.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await database?.drop();
    assert.deepEqual(server?.errors ?? [], [], 'no server error');
  });

  test('a volunteer keys in a paper signature; a moderator verifies it; it is public', async () => {
    // Journey 3: the volunteer.
    const volunteer = await signedIn('benevole@example.org');
    await volunteer.goto(`${origin}/espace/signatures/saisie`);
    await volunteer.getByLabel(/Commune du signataire/).fill('62498');
    await volunteer.getByRole('button', { name: 'Chercher', exact: true }).click();
    await volunteer.waitForURL(/commune=62498/);
    await assertNoAxeViolations(volunteer, 'the paper entry form');
    await volunteer.getByLabel('en son nom').check();
    await volunteer.getByLabel('Liste officielle (obligatoire)').selectOption({ label: 'Lens en commun' });
    await volunteer.getByLabel('Position sur la liste').fill('2');
    await volunteer.getByLabel('Nom (obligatoire)', { exact: true }).fill('KACZMAREK');
    await volunteer.getByLabel('Prénom (obligatoire)').fill('Jérôme');
    await volunteer.getByLabel('Code postal (obligatoire)').fill('62300');
    await volunteer.getByLabel('Téléphone').fill(PHONE);
    await volunteer.getByLabel('Courriel').fill(EMAIL);
    await volunteer.getByLabel('Fait à (obligatoire)').fill('Lens');
    await volunteer.getByLabel('le (obligatoire)', { exact: true }).fill('2026-02-03');
    // First without the scan: refused, values kept.
    await volunteer.getByRole('button', { name: 'Enregistrer la signature' }).click();
    await volunteer.getByText('La signature n’a pas été enregistrée').waitFor();
    assert.equal(await volunteer.getByLabel('Nom (obligatoire)', { exact: true }).inputValue(), 'KACZMAREK');
    await assertNoAxeViolations(volunteer, 'the paper entry form with errors');
    await volunteer.getByLabel('Document signé numérisé (obligatoire)').setInputFiles({
      name: 'scan.png',
      mimeType: 'image/png',
      buffer: PNG,
    });
    await volunteer.getByRole('button', { name: 'Enregistrer la signature' }).click();
    await volunteer.getByText('Signature enregistrée, saisie par vous').waitFor();
    await saveScreenshot(volunteer, { path: join(SHOTS_DIR, 'paper-entry.png'), fullPage: true });

    // A volunteer may not moderate.
    const refused = await volunteer.goto(`${origin}/moderation/signatures`);
    assert.equal(refused?.status(), 403);

    // The moderator.
    const moderator = await signedIn('moderateur@example.org');
    await moderator.goto(`${origin}/moderation`);
    await moderator.getByRole('link', { name: 'Signatures à vérifier' }).click();
    await moderator.getByText('à vérifier (1)').waitFor();
    await assertNoAxeViolations(moderator, 'the signatures queue');
    await saveScreenshot(moderator, { path: join(SHOTS_DIR, 'moderation-queue.png'), fullPage: true });
    await moderator.getByRole('link', { name: 'Jérôme KACZMAREK' }).click();
    await moderator.getByRole('heading', { name: /Signature de Jérôme KACZMAREK/ }).waitFor();
    assert.ok(
      await moderator
        .getByText(/figure sur la liste, en position 2/)
        .first()
        .isVisible(),
    );
    // The scan is shown to the moderator (an image, served to moderators only).
    const scan = moderator.getByRole('img', { name: /Document signé par Jérôme KACZMAREK/ });
    // Waits for the image: checked right after the heading, it may still be loading (naturalWidth 0).
    const width = await scan.evaluate((element) => {
      const img = element as unknown as {
        complete: boolean;
        naturalWidth: number;
        addEventListener(type: 'load' | 'error', listener: () => void): void;
      };
      if (img.complete) return img.naturalWidth;
      return new Promise<number>((resolve) => {
        img.addEventListener('load', () => resolve(img.naturalWidth));
        img.addEventListener('error', () => resolve(0));
      });
    });
    assert.equal(width, 1);
    await assertNoAxeViolations(moderator, 'a signature to verify');
    await saveScreenshot(moderator, { path: join(SHOTS_DIR, 'moderation-signature.png'), fullPage: true });
    await moderator.getByLabel(/Lens en commun — Jérôme KACZMAREK/).check();
    await moderator.getByRole('button', { name: 'Vérifier et publier' }).click();
    await moderator.getByText('Signature vérifiée et publiée.').waitFor();
    assert.ok(await moderator.getByText(/Rattachement : liste .* → candidature/).isVisible());

    // Public: the commune page, /signataires and its CSV; nothing private.
    const visitor = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
    contexts.push({ ctx: visitor.context(), requests: [] });
    await visitor.goto(`${origin}/communes/62498`);
    const section = visitor.getByRole('region', { name: /Signataires du pacte/ });
    assert.match(await section.innerText(), /Jérôme KACZMAREK — liste « Lens en commun », position 2/);
    await visitor.goto(`${origin}/signataires`);
    await visitor.getByRole('link', { name: 'Jérôme KACZMAREK' }).first().waitFor();
    await assertNoAxeViolations(visitor, '/signataires');
    await saveScreenshot(visitor, { path: join(SHOTS_DIR, 'signataires.png'), fullPage: true });
    const csv = await (await visitor.request.get(`${origin}/signataires.csv`)).text();
    assert.match(csv, /KACZMAREK,Jérôme/);
    for (const text of [csv, await visitor.content()]) {
      assert.ok(!text.includes(EMAIL) && !text.includes(PHONE), 'no email or phone in public');
    }
    await visitor.getByRole('link', { name: 'Jérôme KACZMAREK' }).first().click();
    await visitor.getByRole('heading', { name: 'Badge « J’ai signé »' }).waitFor();
    const badge = visitor.getByRole('img', { name: /J’ai signé le Pacte du Logiciel Libre/ }).first();
    assert.ok((await badge.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)) > 100);
    await assertNoAxeViolations(visitor, 'a signature’s public page');
    await saveScreenshot(visitor, { path: join(SHOTS_DIR, 'signature-page.png'), fullPage: true });

    // The feed is well-formed XML (parsed by the browser).
    const feed = await (await visitor.request.get(`${origin}/flux/signatures.atom`)).text();
    // A string expression: the test is compiled without the DOM types.
    const parsed = await visitor.evaluate(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(feed)}, 'application/xml');
      return {
        error: doc.getElementsByTagName('parsererror').length,
        root: doc.documentElement.namespaceURI,
        entries: doc.getElementsByTagName('entry').length,
      };
    })()`);
    assert.deepEqual(parsed, { error: 0, root: 'http://www.w3.org/2005/Atom', entries: 1 });

    for (const { requests } of contexts) {
      const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'));
      assert.deepEqual(foreign, [], 'no third-party request');
    }
  });
});
