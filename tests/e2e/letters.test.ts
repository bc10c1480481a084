// Letters in a browser: a volunteer of an organisation of the Pas-de-Calais writes to a tête de liste
// of Lens — the PDF (read by pdftotext) and the ODT (converted by LibreOffice) hold the merged names,
// then the same letter leaves by email to a real SMTP server. Debian's Chromium, axe-core on each
// page, no request leaves the server.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { MUNICIPALES_2026_FIXTURE } from '../../src/candidates/import/fixtures/paths.ts';
import { importFile } from '../../src/candidates/import/import.service.ts';
import { createOrganisation, setMember, setOrganisationZone } from '../../src/outreach/organisations.service.ts';
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
import { startSmtpServer } from '../../src/testing/smtp.ts';

const PASSWORD = 'mot de passe solide';

const plain = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('letters to candidates in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const requests: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pacte-e2e-letters-'));
  let list: { id: string; name: string; first_name: string; last_name: string };

  before(async () => {
    database = await createTestDatabase('sqlite');
    const db = database.connection.db;
    await importFile(database.connection, MUNICIPALES_2026_FIXTURE, { reportDir: dir });
    const head = await db
      .selectFrom('lists as l')
      .innerJoin('candidacies as c', (j) => j.onRef('c.list_id', '=', 'l.id').on('c.head', '=', 1))
      .select(['l.id', 'l.name', 'c.first_name', 'c.last_name'])
      .where('l.ballot_id', '=', 'municipales-2026.62498')
      .orderBy('l.panel')
      .executeTakeFirst();
    assert.ok(head, 'the fixture has a list in Lens');
    list = head;
    const volunteer = await createUser(db, {
      email: 'benevole@cliss.example',
      role: 'volunteer',
      password: PASSWORD,
      displayName: 'Lucien Petit',
    });
    const organisation = await createOrganisation(db, {
      name: 'Cliss XXI',
      kind: 'cooperative',
      website: 'https://www.cliss21.example',
      description: '',
    });
    assert.ok(organisation.ok);
    await setMember(db, organisation.organisation.id, volunteer.id, 'member');
    await setOrganisationZone(db, organisation.organisation.id, 'dep:62');
    smtp = await startSmtpServer();
    server = await startTestServer(database, {}, { SMTP_URL: smtp.url });
    browser = await launchChromium();
    ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    ctx.on('request', (r) => requests.push(r.url()));
    page = await ctx.newPage();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    await ctx?.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(server?.errors, [], 'no server error during the browser tests');
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(`${server.origin}/`)),
      [],
      'no request leaves the server',
    );
  });

  async function download(form: string): Promise<string> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator(`form[action="/espace/lettres/${form}"] button[type=submit]`).click(),
    ]);
    const path = join(dir, file.suggestedFilename());
    await file.saveAs(path);
    return path;
  }

  test('log in, open the letters page of a list, download its letter as PDF then ODT', async () => {
    await signIn(page, server.origin, 'benevole@cliss.example', PASSWORD);
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));

    await page.goto(`${server.origin}/espace/lettres?destinataire=list:${encodeURIComponent(list.id)}`);
    await assertNoAxeViolations(page, 'the letters page');
    assert.match(plain((await page.locator('main, body').first().textContent()) ?? ''), /Tête de liste/);
    await saveScreenshot(page, { path: `${SHOTS_DIR}/lettres-desktop.png`, fullPage: true });

    // The sender comes from the volunteer's organisation; add the town the letter leaves from.
    await page.locator('form[action="/espace/lettres/document"] details summary').click();
    await page.locator('#une-lieu').fill('Liévin');
    const pdf = await download('document');
    assert.match(pdf, /\.pdf$/);
    const pdfText = plain(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
    assert.ok(pdfText.includes(`${list.first_name} ${list.last_name}`), `the head's name in the PDF: ${pdfText}`);
    assert.ok(pdfText.includes(`« ${list.name} »`), 'the list name in the PDF');
    assert.match(pdfText, /Liévin, le \d/);
    assert.match(pdfText, /Pour Cliss XXI, Lucien Petit/);

    await page.locator('form[action="/espace/lettres/document"] input[name=format][value=odt]').check();
    const odt = await download('document');
    assert.match(odt, /\.odt$/);
    execFileSync(
      'libreoffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'txt:Text (encoded):UTF8',
        '--outdir',
        dir,
        odt,
      ],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const odtText = plain(readFileSync(odt.replace(/\.odt$/, '.txt'), 'utf8'));
    assert.ok(odtText.includes(`${list.first_name} ${list.last_name}`), 'the head’s name in the ODT');
    assert.match(odtText, /Cliss XXI a souhaité relayer l’initiative de l’April/);
  });

  test('the same letter by email: received on the SMTP server, the send shown on the page', async () => {
    await page.goto(`${server.origin}/espace/lettres?destinataire=list:${encodeURIComponent(list.id)}`);
    await page.getByLabel('Adresse électronique du candidat').fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Envoyer le courriel' }).click();
    await page.getByRole('alert').first().waitFor();
    assert.match((await page.getByRole('alert').first().textContent()) ?? '', /invalide/);
    await assertNoAxeViolations(page, 'the letters page with an error');

    await page.getByLabel('Adresse électronique du candidat').fill('tete.de.liste@lens.example');
    await page.getByRole('button', { name: 'Envoyer le courriel' }).click();
    await page.waitForURL(`${server.origin}/espace/lettres/courriel`);
    assert.equal(await page.locator('h1').textContent(), 'Courriel envoyé');
    await assertNoAxeViolations(page, 'the email sent page');
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['tete.de.liste@lens.example']);
    assert.ok(plain(mail.parsed.text ?? '').includes(`liste « ${list.name} »`), 'merged list name in the email');

    await page.getByRole('link', { name: 'Retour aux lettres' }).click();
    assert.match(plain((await page.locator('body').textContent()) ?? ''), /tete\.de\.liste@lens\.example — envoyé/);
  });
});
