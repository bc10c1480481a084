// Browser tests: the real server in-process, driven through Debian's Chromium (never a downloaded browser).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import {
  axeViolations,
  describeViolations,
  launchChromium,
  SHOTS_DIR,
  saveScreenshot,
  startTestServer,
  type TestServer,
} from '../../src/testing/browser.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/databases.ts';

const SHOTS = SHOTS_DIR;

const PAGES = [
  '/',
  '/recherche?q=lens',
  '/communes/62498',
  '/communes/75056',
  '/departements/62',
  '/sources',
  '/pacte',
  '/pacte/imprimer',
  '/nulle-part',
];

describe('pages in a browser', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let origin = '';

  before(async () => {
    database = await createTestDatabase('sqlite');
    server = await startTestServer(database);
    origin = server.origin;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    assert.deepEqual(server?.errors, [], 'no server error during the browser tests');
  });

  /** A fresh browser context that records every request and every console error or page error. */
  async function context(): Promise<{ context: BrowserContext; requests: string[]; problems: string[] }> {
    const ctx = await browser.newContext({ locale: 'fr-FR' });
    const requests: string[] = [];
    const problems: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    ctx.on('console', (m) => {
      if (m.type() === 'error' && !/404 \(Not Found\)/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    ctx.on('page', (p) => p.on('pageerror', (e) => problems.push(`page error: ${e.message}`)));
    return { context: ctx, requests, problems };
  }

  test('every page has zero axe-core violations', async () => {
    const { context: ctx, problems } = await context();
    const page = await ctx.newPage();
    const report: string[] = [];
    for (const path of PAGES) {
      const response = await page.goto(`${origin}${path}`);
      assert.equal(response?.status(), path === '/nulle-part' ? 404 : 200, path);
      const violations = await axeViolations(page);
      if (violations.length) report.push(`${path}\n${describeViolations(violations)}`);
    }
    await ctx.close();
    assert.equal(report.length, 0, `axe-core violations:\n${report.join('\n')}`);
    assert.deepEqual(problems, [], 'no script error, no CSP violation');
  });

  test('search as you type: results appear without submitting the form', async () => {
    const { context: ctx, problems } = await context();
    const page = await ctx.newPage();
    await page.goto(`${origin}/recherche`);
    await page.evaluate('window.__samePage = true');
    await page.locator('#recherche-page').pressSequentially('lievin', { delay: 20 });
    // "lievi" already finds Liévin: wait for the answer to the whole query, which also sets the address.
    await page.waitForURL(/\?q=lievin$/, { timeout: 5_000 });
    const link = page.locator('#resultats').getByRole('link', { name: 'Liévin', exact: true });
    await link.waitFor({ timeout: 5_000 });
    assert.equal(await link.getAttribute('href'), '/communes/62510');
    assert.equal(await page.evaluate('window.__samePage === true'), true, 'the page was not reloaded');
    assert.equal(new URL(page.url()).search, '?q=lievin', 'the address reflects the query');
    await page.locator('#recherche-page').fill('a');
    await page.locator('#resultats .notice').waitFor({ timeout: 5_000 });
    assert.match((await page.locator('#resultats').textContent()) ?? '', /au moins 2 lettres/);
    await link.waitFor({ state: 'detached' });
    await ctx.close();
    assert.deepEqual(problems, []);
  });

  test('without JavaScript the search form still works', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${origin}/`);
    await page.locator('#recherche-accueil').fill('62300');
    await page.locator('#recherche-accueil').press('Enter');
    await page.waitForURL(/\/recherche\?q=62300$/);
    const first = page.locator('#resultats ul.results li a').first();
    assert.equal(await first.textContent(), 'Lens');
    await first.click();
    await page.waitForURL(/\/communes\/62498$/);
    assert.equal(await page.locator('h1').textContent(), 'Lens');
    await ctx.close();
  });

  test('keyboard: the first Tab reaches the skip link, which moves focus to the content', async () => {
    const { context: ctx } = await context();
    const page = await ctx.newPage();
    await page.goto(`${origin}/communes/62498`);
    await page.keyboard.press('Tab');
    assert.deepEqual(await page.evaluate('[document.activeElement.className, document.activeElement.textContent]'), [
      'skip-link',
      'Aller au contenu',
    ]);
    const box = await page.locator('.skip-link').boundingBox();
    assert.ok(box && box.y >= 0 && box.width > 1 && box.height > 1, 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate('document.activeElement.id'), 'contenu');
    await page.keyboard.press('Tab');
    const next = (await page.evaluate('document.activeElement.getAttribute("href")')) as string;
    assert.ok(next.startsWith('/'), `after the skip link, Tab goes into the content (${next})`);
    await ctx.close();
  });

  test('no request leaves the server: no CDN, font, analytics or third party', async () => {
    const { context: ctx, requests, problems } = await context();
    const page = await ctx.newPage();
    for (const path of PAGES) await page.goto(`${origin}${path}`, { waitUntil: 'load' });
    await page.goto(`${origin}/recherche`);
    await page.locator('#recherche-page').pressSequentially('lens', { delay: 20 });
    await page.locator('#resultats').getByRole('link', { name: 'Lens', exact: true }).waitFor();
    await ctx.close();
    assert.ok(requests.length >= PAGES.length + 3, 'pages and their assets were requested');
    const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
    assert.deepEqual(outside, [], 'every request goes to the server itself');
    assert.ok(
      requests.some((url) => url.startsWith(`${origin}/api/v1/communes?q=`)),
      'search used the API',
    );
    assert.deepEqual(problems, []);
  });

  test('screenshots of the home and Lens pages (desktop and phone)', async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const [name, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 375, height: 740 }],
    ] as const) {
      const ctx = await browser.newContext({ viewport });
      const page = await ctx.newPage();
      for (const [file, path] of [
        ['home', '/'],
        ['lens', '/communes/62498'],
      ]) {
        await page.goto(`${origin}${path}`);
        await saveScreenshot(page, { path: `${SHOTS}/${file}-${name}.png`, fullPage: true });
        const overflow = await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        assert.equal(overflow, 0, `${path} has no horizontal scroll at ${viewport.width}px`);
      }
      await ctx.close();
    }
  });
});
