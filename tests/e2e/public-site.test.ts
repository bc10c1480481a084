// The public face of the campaign in a real browser, on the demonstration campaign (pacte demo):
// axe-core on every public template, the map by keyboard, print styles, phone width, screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { loadDemo } from '../../src/demo/demo.service.ts';
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

describe('public site in a browser (demo campaign)', () => {
  let database: TestDatabase;
  let server: TestServer;
  let browser: Browser;
  let listPath = '';

  const pages = () => [
    '/',
    '/carte',
    '/carte?vue=couverture',
    '/statistiques',
    '/donnees',
    '/communes/62498',
    '/departements/62',
    listPath,
    '/?lang=en',
    '/carte?lang=en',
    '/statistiques?lang=en',
  ];

  before(async () => {
    database = await createTestDatabase('sqlite');
    await loadDemo(database.connection, { reportDir: mkdtempSync(join(tmpdir(), 'pacte-demo-')) });
    const list = await database.connection.db
      .selectFrom('lists')
      .select('id')
      .where('name', '=', 'Lens en commun')
      .executeTakeFirstOrThrow();
    listPath = `/listes/${list.id}`;
    server = await startTestServer(database);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
    assert.deepEqual(server?.errors ?? [], [], 'no server error');
  });

  async function context(options: Parameters<Browser['newContext']>[0] = {}) {
    const ctx: BrowserContext = await browser.newContext({ locale: 'fr-FR', ...options });
    const requests: string[] = [];
    const problems: string[] = [];
    ctx.on('request', (r) => requests.push(r.url()));
    ctx.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    ctx.on('page', (p) => p.on('pageerror', (e) => problems.push(`page error: ${e.message}`)));
    return { ctx, requests, problems };
  }

  test('zero axe-core violations on the home, map, statistics, open data, commune, département and list pages', async () => {
    const { ctx, requests, problems } = await context();
    const page = await ctx.newPage();
    const report: string[] = [];
    for (const path of pages()) {
      const response = await page.goto(`${server.origin}${path}`);
      assert.equal(response?.status(), 200, path);
      const violations = await axeViolations(page);
      if (violations.length) report.push(`${path}\n${describeViolations(violations)}`);
    }
    await ctx.close();
    assert.equal(report.length, 0, `axe-core violations:\n${report.join('\n')}`);
    assert.deepEqual(problems, [], 'no script error, no CSP violation');
    const outside = requests.filter((url) => !url.startsWith(`${server.origin}/`));
    assert.deepEqual(outside, [], 'no third-party request');
  });

  test('the map by keyboard: Tab reaches the départements, focus is visible, Enter opens the page', async () => {
    const { ctx } = await context();
    const page = await ctx.newPage();
    await page.goto(`${server.origin}/carte`);
    // Focus the last view tab, then Tab into the map.
    await page.locator('.tabs a').last().focus();
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(`(() => {
      const el = document.activeElement;
      const path = el.querySelector('path');
      return { href: el.getAttribute('href'), label: el.getAttribute('aria-label'), stroke: path ? getComputedStyle(path).stroke : '' };
    })()`)) as { href: string | null; label: string | null; stroke: string };
    assert.equal(focused.href, '/departements/01');
    assert.match(focused.label ?? '', /^Ain \(01\) : 0 signature\(s\)$/);
    assert.equal(focused.stroke, 'rgb(194, 81, 0)', 'the focused département is outlined in the focus colour');
    // Pas-de-Calais, by keyboard only.
    for (let i = 0; i < 200; i++) {
      const href = await page.evaluate(`document.activeElement?.getAttribute('href')`);
      if (href === '/departements/62') break;
      await page.keyboard.press('Tab');
    }
    assert.match(
      ((await page.evaluate(`document.activeElement?.getAttribute('aria-label')`)) as string | null) ?? '',
      /Pas-de-Calais \(62\) : 4 signature\(s\)/,
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/departements\/62$/);
    await ctx.close();
  });

  test('print: the commune page prints without header, search, map or footer', async () => {
    const { ctx } = await context();
    const page = await ctx.newPage();
    await page.goto(`${server.origin}/communes/62498`);
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(
      `['.site-header', '.site-footer', '.skip-link'].map((s) => {
        const el = document.querySelector(s);
        return el ? getComputedStyle(el).display : 'absent';
      })`,
    );
    assert.deepEqual(hidden, ['none', 'none', 'none']);
    assert.ok(await page.locator('h1').isVisible());
    assert.ok(await page.locator('.provenance').isVisible(), 'the sources are printed');
    mkdirSync(SHOTS_DIR, { recursive: true });
    await page.pdf({ path: join(SHOTS_DIR, 'lens-print.pdf'), format: 'A4' });
    await ctx.close();
  });

  test('screenshots of the map, the chart and the home page at desktop and phone width, no horizontal scroll', async () => {
    mkdirSync(SHOTS_DIR, { recursive: true });
    for (const [name, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 375, height: 740 }],
    ] as const) {
      const { ctx } = await context({ viewport });
      const page = await ctx.newPage();
      for (const [file, path] of [
        ['public-home', '/'],
        ['public-map', '/carte'],
        ['public-coverage', '/carte?vue=couverture'],
        ['public-statistics', '/statistiques'],
        ['public-data', '/donnees'],
        ['public-lens', '/communes/62498'],
        ['public-departement', '/departements/62'],
      ]) {
        await page.goto(`${server.origin}${path}`);
        await saveScreenshot(page, { path: join(SHOTS_DIR, `${file}-${name}.png`), fullPage: true });
        const overflow = await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        assert.equal(overflow, 0, `${path} has no horizontal scroll at ${viewport.width}px`);
      }
      const map = await page.goto(`${server.origin}/carte`).then(() => page.locator('.france-map-svg').boundingBox());
      assert.ok(map && map.width > 300, `the map fills the width (${map?.width}px)`);
      await ctx.close();
    }
  });
});
