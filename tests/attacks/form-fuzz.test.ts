// Fuzzing of the form parsers: random and mutated bodies posted (with a valid anti-CSRF token, so the
// parsers are reached) to every state-changing route the router declares, anonymously and as an
// administrator, for a bounded time. Whatever arrives, the answer is a page or a refusal — never a
// server error.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { createUser } from '../../src/accounts/users.service.ts';
import { testApp } from '../../src/testing/app.ts';
import { TestClient } from '../../src/testing/client.ts';
import { forEachDatabase } from '../../src/testing/databases.ts';

const PASSWORD = 'mot de passe solide';
const SECONDS = Number(process.env.PACTE_FUZZ_SECONDS ?? 4);
const SEED =
  process.env.PACTE_FUZZ_SEED === 'random' ? Date.now() % 1_000_000 : Number(process.env.PACTE_FUZZ_SEED ?? 2026);

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '99999999999999999999',
  '1e308',
  'NaN',
  'true',
  '62498',
  '62300',
  '2A004',
  'municipales-2026',
  'municipales-2026.62498.1',
  '2026-02-30',
  '31/12/1899',
  'a@b',
  'x@exemple.test',
  'https://exemple.org',
  'javascript:alert(1)',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\u0000',
  '\uFFFF\uD800',
  'é'.repeat(5000),
  'x'.repeat(200_000),
  '%00%ff',
  '{"a":1}',
];

forEachDatabase('form parsers under random input', (database) => {
  const fieldNames = new Set<string>(['_csrf', 'email', 'password', 'q', 'commune', 'id']);
  before(async () => {
    await createUser(database().connection.db, { email: 'admin@exemple.test', role: 'admin', password: PASSWORD });
  });

  test(`every POST route answers random bodies without a server error (seed ${SEED}, ${SECONDS} s)`, async () => {
    const { app, errors } = testApp(database().connection);
    const anonymous = new TestClient(app);
    const admin = new TestClient(app);
    assert.equal((await admin.login('admin@exemple.test', PASSWORD)).status, 303);
    // Field names the site's own forms use, read from its pages.
    for (const route of app.routes.filter((r) => r.method === 'GET' && !r.path.includes(':'))) {
      const html = await (await admin.get(route.path.replace(/\*$/, ''))).text();
      for (const m of html.matchAll(/name="([^"]{1,60})"/g)) fieldNames.add(m[1] as string);
    }
    const names = [...fieldNames];
    const posts = [...new Set(app.routes.filter((r) => r.method === 'POST').map((r) => r.path))];
    const rnd = random(SEED);
    const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)] as T;
    const tokens = new Map<TestClient, string>([
      [anonymous, await anonymous.csrfToken('/connexion')],
      [admin, await admin.csrfToken('/admin')],
    ]);
    const failures: string[] = [];
    const deadline = performance.now() + SECONDS * 1000;
    let runs = 0;
    while (performance.now() < deadline) {
      const client = rnd() < 0.5 ? anonymous : admin;
      const path = pick(posts).replace(/:[A-Za-z_]+(\{[^}]*\})?/g, () =>
        pick(['x1', 'municipales-2026.62498.1', '62498', '1']),
      );
      const body = new URLSearchParams({ _csrf: tokens.get(client) as string });
      for (let i = 0, n = Math.floor(rnd() * 12); i < n; i++) body.append(pick(names), pick(VALUES));
      const multipart = rnd() < 0.2;
      let response: Response;
      if (multipart) {
        const form = new FormData();
        for (const [k, v] of body) form.append(k, v);
        form.append(pick(names), new File([pick(VALUES)], pick(['x.pdf', 'x.png', '../x.csv', ''])));
        response = await client.request(`${path}?_csrf=${encodeURIComponent(tokens.get(client) as string)}`, {
          method: 'POST',
          body: form,
        });
      } else {
        response = await client.request(path, {
          method: 'POST',
          headers: {
            'content-type': pick([
              'application/x-www-form-urlencoded',
              'application/x-www-form-urlencoded; charset=latin1',
            ]),
          },
          body: body.toString(),
        });
      }
      if (response.status >= 500) failures.push(`${response.status} POST ${path} ${body.toString().slice(0, 300)}`);
      await response.arrayBuffer();
      runs++;
    }
    assert.deepEqual(failures, [], `seed ${SEED}`);
    assert.deepEqual(errors.map(String), [], 'no unexpected error logged');
    assert.ok(runs >= 20, `${runs} requests`);
  });
});
