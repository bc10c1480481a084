// What browser tests share: Debian's Chromium (never a downloaded browser), axe-core, and the real
// HTTP server in-process on a test database.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../config.ts';
import { type AppDeps, createApp } from '../web/app.tsx';
import type { TestDatabase } from './databases.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Where browser tests put the screenshots worth looking at. */
export const SHOTS_DIR = '/tmp/pacte-shots';

/** Chromium as root needs --no-sandbox; the other flags stop it reaching the network at start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** Runs axe-core in the page (evaluated through the debugging protocol, so the page's CSP does not block it). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    })))`,
  ) as Promise<AxeViolation[]>;
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`,
    )
    .join('\n');
}

export async function assertNoAxeViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `axe-core violations on ${what}:\n${describeViolations(violations)}`);
}

export interface TestServer {
  origin: string;
  /** Unexpected errors the application reported (a test ends by checking there were none). */
  errors: unknown[];
  close(): Promise<void>;
}

/**
 * The application on a real HTTP port of the loopback, on `database`. BASE_URL is the server's own
 * origin, so links in emails point back to it. Extra dependencies (import jobs, upload folders,
 * mailer) as for `createApp`.
 */
export async function startTestServer(
  database: TestDatabase,
  deps: Omit<AppDeps, 'connection' | 'config' | 'logError'> = {},
  env: Record<string, string> = {},
): Promise<TestServer> {
  const errors: unknown[] = [];
  let app: ReturnType<typeof createApp> | undefined;
  const server = serve({
    fetch: (request) => (app as NonNullable<typeof app>).fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({ DATABASE_URL: database.url, BASE_URL: origin, ...env });
  app = createApp({ ...deps, connection: database.connection, config, logError: (e) => errors.push(e) });
  return {
    origin,
    errors,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A screenshot for people to look at (not an assertion). Chromium sometimes refuses a capture while a
 * page is still settling ("Unable to capture screenshot"): retried, and a last failure is reported on
 * stderr instead of failing the behaviour the test checks.
 */
export async function saveScreenshot(page: Page, options: NonNullable<Parameters<Page['screenshot']>[0]>) {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot(options);
      return;
    } catch (error) {
      if (attempt >= 3) {
        console.error(`screenshot ${options.path ?? ''} not taken: ${(error as Error).message.split('\n')[0]}`);
        return;
      }
      await page.waitForTimeout(300);
    }
  }
}

/** Signs in through the real login form; `next` is where the form then sends the user (`?suivant=`). */
export async function signIn(page: Page, origin: string, email: string, password: string, next?: string) {
  await page.goto(`${origin}/connexion${next ? `?suivant=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}
