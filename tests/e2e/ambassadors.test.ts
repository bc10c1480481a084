// The ambassadors programme in a browser, end to end: a mairie asks for a visit (form, email on a
// real SMTP server, confirmation link), routing proposes the LUG covering the commune, the
// coordinator assigns it (the LUG is emailed), the ambassador records the visit with the kit
// checklist, the public page shows it. Debian's Chromium, axe-core on the public pages, no request
// leaves the server.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../../src/accounts/users.service.ts';
import { setAmbassador } from '../../src/ambassadors/ambassadors.service.ts';
import { createOrganisation, setMember, setOrganisationZone } from '../../src/outreach/organisations.service.ts';
import { MIN_FILL_MS } from '../../src/pledges/form-guard.ts';
import { getCommune } from '../../src/territories/territories.service.ts';
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

describe('ambassadors programme in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let origin = '';
  const contexts: { ctx: BrowserContext; requests: string[] }[] = [];

  async function newPage(): Promise<Page> {
    const ctx = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    contexts.push({ ctx, requests });
    return ctx.newPage();
  }

  async function login(page: Page, email: string, next: string) {
    await signIn(page, origin, email, PASSWORD, next);
    await page.waitForURL(`${origin}${next}`);
  }

  before(async () => {
    database = await createTestDatabase('sqlite');
    const db = database.connection.db;
    await createUser(db, { email: 'coordination@example.org', role: 'coordinator', password: PASSWORD });
    const ambassador = await createUser(db, {
      email: 'ambassadrice@example.org',
      role: 'volunteer',
      password: PASSWORD,
    });
    const org = await createOrganisation(db, { name: 'Lens Libre', kind: 'lug', website: '', description: '' });
    assert.ok(org.ok);
    await setOrganisationZone(db, org.organisation.id, '62498');
    await setMember(db, org.organisation.id, ambassador.id, 'member');
    await setAmbassador(db, org.organisation.id, ambassador.id, true);
    // Organisations covering Lens's EPCI and département too: routing must prefer the commune-level one.
    const lens = await getCommune(db, '62498');
    const epci = lens?.intercommunalities[0]?.code as string;
    for (const [name, zone] of [
      ['GULL de l’agglo', `epci:${epci}`],
      ['Libre 62', 'dep:62'],
    ]) {
      const other = await createOrganisation(db, { name: name as string, kind: 'lug', website: '', description: '' });
      assert.ok(other.ok);
      await setOrganisationZone(db, other.organisation.id, zone as string);
      const member = await createUser(db, {
        email: `${other.organisation.slug}@example.org`,
        role: 'volunteer',
        password: PASSWORD,
      });
      await setMember(db, other.organisation.id, member.id, 'member');
      await setAmbassador(db, other.organisation.id, member.id, true);
    }
    smtp = await startSmtpServer();
    server = await startTestServer(database, {}, { SMTP_URL: smtp.url });
    origin = server.origin;
    browser = await launchChromium();
    mkdirSync(SHOTS_DIR, { recursive: true });
  });

  after(async () => {
    for (const { ctx } of contexts) await ctx.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.drop();
  });

  test('a mairie asks, the coordinator assigns, the ambassador reports the visit, the public page shows it', async () => {
    // 1. The mairie's form: an unknown commune is refused with the values kept.
    const mairie = await newPage();
    await mairie.goto(`${origin}/mairies/demande-visite`);
    await assertNoAxeViolations(mairie, 'the visit request form');
    await mairie.getByLabel(/Commune de la mairie/).fill('Zzzyxville');
    await mairie.getByLabel(/Personne à contacter/).fill('Claire Martin');
    await mairie.getByLabel(/Sa fonction/).fill('Secrétaire de mairie');
    await mairie.getByLabel(/Adresse électronique de la mairie/).fill('mairie@lens.example');
    await mairie.getByLabel(/Téléphone de la mairie/).fill('03 21 69 86 86');
    await mairie.getByLabel(/Bureautique/).check();
    await mairie.getByLabel(/Informatique des écoles/).check();
    await mairie.waitForTimeout(MIN_FILL_MS + 300);
    await mairie.getByRole('button', { name: 'Envoyer la demande' }).click();
    assert.match((await mairie.locator('.error-summary').textContent()) ?? '', /Commune inconnue : « Zzzyxville »/);
    assert.equal(await mairie.getByLabel(/Personne à contacter/).inputValue(), 'Claire Martin');
    assert.equal(await mairie.getByLabel(/Bureautique/).isChecked(), true);
    await assertNoAxeViolations(mairie, 'the form with errors');
    await mairie.getByLabel(/Commune de la mairie/).fill('Lens');
    await mairie.waitForTimeout(MIN_FILL_MS + 300);
    await mairie.getByRole('button', { name: 'Envoyer la demande' }).click();
    await mairie.getByRole('heading', { name: 'Demande enregistrée' }).waitFor();
    await saveScreenshot(mairie, { path: join(SHOTS_DIR, 'ambassadors-sent.png'), fullPage: true });

    // 2. The confirmation email, then its link.
    const confirmation = await smtp.nextMail();
    assert.deepEqual(confirmation.envelope.to, ['mairie@lens.example']);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/mairies\/demande-visite\/confirmer\/[A-Za-z0-9_-]{43})/.exec(
      confirmation.parsed.text ?? '',
    )?.[1];
    assert.ok(link, 'confirmation link in the email');
    await mairie.goto(link);
    await assertNoAxeViolations(mairie, 'the confirmation button page');
    await mairie.getByRole('button', { name: 'Confirmer la demande' }).click();
    await mairie.getByRole('heading', { name: 'Demande confirmée' }).waitFor();
    assert.match((await mairie.locator('main').textContent()) ?? '', /transmise au groupe local le plus proche/);
    await assertNoAxeViolations(mairie, 'the confirmation page');

    // 3. The coordinator confirms the routing's proposal; the LUG's ambassador is emailed.
    const coordinator = await newPage();
    await login(coordinator, 'coordination@example.org', '/espace/ambassadeurs/coordination');
    await coordinator.getByRole('link', { name: 'Lens (62)' }).first().click();
    assert.match((await coordinator.locator('main').textContent()) ?? '', /routage : Lens Libre, couvre la commune/);
    await coordinator.getByRole('button', { name: 'Confirmer l’attribution' }).click();
    await coordinator.getByText('Demande attribuée').waitFor();
    const assigned = await smtp.nextMail();
    assert.deepEqual(assigned.envelope.to, ['ambassadrice@example.org']);
    assert.match(assigned.parsed.text ?? '', /Claire Martin \(Secrétaire de mairie\)/);
    assert.match(assigned.parsed.text ?? '', /03 21 69 86 86/);

    // 4. The ambassador records the visit with the kit checklist.
    const ambassador = await newPage();
    await login(ambassador, 'ambassadrice@example.org', '/espace/ambassadeurs');
    await ambassador.getByRole('link', { name: 'Lens (62)' }).click();
    await ambassador.getByLabel('Date de la visite').fill('2026-11-18');
    await ambassador.getByLabel(/Bureautique et internet libres/).check();
    await ambassador.getByLabel(/GNU\/Linux sur les ordinateurs des écoles/).check();
    await ambassador.getByLabel('Documentation').check();
    await ambassador.getByLabel('Clé USB de logiciels libres').check();
    await ambassador.getByLabel('Suites à donner').fill('Atelier LibreOffice en janvier');
    await ambassador.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await ambassador.getByText('Compte rendu enregistré.').waitFor();
    const details = (await ambassador.locator('main').textContent()) ?? '';
    assert.match(details, /visitée depuis le/);
    assert.equal(await ambassador.getByLabel(/Bureautique et internet libres/).isChecked(), true);
    assert.equal(await ambassador.getByLabel(/Logiciels métiers libres/).isChecked(), false);
    await saveScreenshot(ambassador, { path: join(SHOTS_DIR, 'ambassadors-request.png'), fullPage: true });

    // 5. The public page shows the visit, without the contact's details.
    const visitor = await newPage();
    await visitor.goto(`${origin}/ambassadeurs`);
    await assertNoAxeViolations(visitor, 'the public ambassadors page');
    const visited = (await visitor.locator('table').first().textContent()) ?? '';
    assert.match(visited, /Lens/);
    assert.match(visited, /18 novembre 2026/);
    assert.match(visited, /Lens Libre/);
    const main = (await visitor.locator('main').textContent()) ?? '';
    assert.doesNotMatch(main, /Claire Martin|mairie@lens\.example|03 21 69 86 86/);
    await saveScreenshot(visitor, { path: join(SHOTS_DIR, 'ambassadors-public.png'), fullPage: true });
    await visitor.goto(`${origin}/ambassadeurs?lang=en`);
    await visitor.getByRole('heading', { name: 'Free software ambassadors', level: 1 }).waitFor();
    await assertNoAxeViolations(visitor, 'the public ambassadors page in English');

    for (const { requests } of contexts) {
      assert.deepEqual(
        requests.filter((url) => !url.startsWith(origin)),
        [],
        'no request leaves the server',
      );
    }
    assert.deepEqual(server.errors, []);
  });
});
