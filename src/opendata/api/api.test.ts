import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { importFile } from '../../candidates/import/import.service.ts';
import { testApp } from '../../testing/app.ts';
import { forEachDatabase } from '../../testing/databases.ts';
import { openApiDocument } from './openapi.ts';

// The open-data API (/api/v1): every answer is checked against the OpenAPI document it serves.

const fixtures = join(import.meta.dirname, '..', '..', 'candidates', 'import', 'fixtures');

/** A JSON pointer segment inside a URI fragment. */
const segment = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(structuredClone(openApiDocument), 'openapi');

/** Checks a body against the schema the document gives for this path template and status. */
function assertMatchesDocument(template: string, status: number, body: unknown) {
  const operation = openApiDocument.paths[template]?.get;
  assert.ok(operation, `${template} is documented`);
  assert.ok(operation.responses[String(status)]?.content, `${template} documents a ${status} JSON answer`);
  const pointer = ['paths', template, 'get', 'responses', String(status), 'content', 'application/json', 'schema']
    .map(segment)
    .join('/');
  const validate = ajv.getSchema(`openapi#/${pointer}`);
  assert.ok(validate, `schema of ${template} ${status}`);
  assert.ok(validate(body), `${template} ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}

test('the OpenAPI document is structurally sound', () => {
  const doc = openApiDocument;
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.info.title && doc.info.version);
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    assert.match(path, /^\//);
    const op = item.get;
    assert.ok(op.operationId, `${path} has an operationId`);
    assert.ok(!operationIds.has(op.operationId), `operationId ${op.operationId} is unique`);
    operationIds.add(op.operationId);
    assert.ok(Object.keys(op.responses).length > 0);
    for (const [status, response] of Object.entries(op.responses)) {
      assert.match(status, /^[1-5]\d\d$/);
      assert.ok(response.description);
    }
    const declared = (op.parameters ?? []).map((p) => {
      const resolved = '$ref' in p ? resolve(String((p as { $ref: string }).$ref)) : p;
      return resolved as { name: string; in: string; required?: boolean };
    });
    for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
      const parameter = declared.find((p) => p.name === name && p.in === 'path');
      assert.ok(parameter?.required, `${path} declares its path parameter ${name} as required`);
    }
  }
  // Every $ref resolves, and every schema compiles as JSON Schema 2020-12.
  const refs: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  assert.ok(refs.length > 20);
  for (const ref of refs) assert.ok(resolve(ref) !== undefined, `${ref} resolves`);
  for (const name of Object.keys(doc.components.schemas)) {
    assert.ok(ajv.getSchema(`openapi#/components/schemas/${name}`), `${name} compiles`);
  }
  // The check bites: an undocumented field (here a private one) fails it.
  const page = { items: [], total: 0, limit: 1, offset: 0, next: null };
  assertMatchesDocument('/ballots', 200, page);
  assert.throws(() => assertMatchesDocument('/ballots', 200, { ...page, email: 'a@b.fr' }));
});

function resolve(ref: string): unknown {
  assert.match(ref, /^#\//);
  let node: unknown = openApiDocument;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

forEachDatabase('open-data API', (database) => {
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await testApp(database().connection).app.request(path, { headers });
    const text = await response.text();
    return { response, status: response.status, text, body: text ? JSON.parse(text) : undefined };
  };
  /** GET, expect 200 (or the given status), and check the body against the document. */
  const api = async (path: string, template: string, status = 200) => {
    const result = await get(path);
    assert.equal(result.status, status, `${path}: ${result.text}`);
    assertMatchesDocument(template, status, result.body);
    assert.doesNotMatch(result.text, /@|email|phone|t[ée]l[ée]phone|birth|naissance/i, `${path} leaks nothing private`);
    return result.body;
  };

  before(async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'pacte-reports-'));
    await importFile(database().connection, join(fixtures, 'municipales-2026.csv'), { reportDir });
    await importFile(database().connection, join(fixtures, 'legislatives-2024.csv'), { reportDir });
  });

  test('the document is served and describes itself', async () => {
    const { status, body, response } = await get('/api/v1/openapi.json');
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.1.0');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
  });

  test('communes: search and details keep their shape', async () => {
    const search = await api('/api/v1/communes?q=lens', '/communes');
    assert.ok(search.results.some((c: { insee: string }) => c.insee === '62498'));
    await api('/api/v1/communes?q=l', '/communes');
    const lens = await api('/api/v1/communes/62498', '/communes/{insee}');
    assert.equal(lens.name, 'Lens');
    await api('/api/v1/communes/00000', '/communes/{insee}', 404);
  });

  test('elections: all, one, unknown', async () => {
    const all = await api('/api/v1/elections', '/elections');
    assert.ok(all.items.some((e: { id: string }) => e.id === 'municipales-2026'));
    const one = await api('/api/v1/elections/legislatives-2024', '/elections/{id}');
    assert.ok(one.rounds.length >= 1);
    await api('/api/v1/elections/presidentielle-1848', '/elections/{id}', 404);
  });

  test('ballots: filters by election, commune and département, pagination, details', async () => {
    const municipal = await api('/api/v1/ballots?election=municipales-2026', '/ballots');
    assert.ok(municipal.total >= 5);
    assert.ok(municipal.items.every((b: { election_id: string }) => b.election_id === 'municipales-2026'));
    const lens = await api('/api/v1/ballots?commune=62498', '/ballots');
    assert.deepEqual(lens.items.map((b: { id: string }) => b.id).sort(), ['municipales-2026.62498']);
    const marseille = await api('/api/v1/ballots?commune=13055', '/ballots');
    assert.deepEqual(
      marseille.items.map((b: { territory_kind: string }) => b.territory_kind),
      ['secteur'],
    );
    const pasDeCalais = await api('/api/v1/ballots?departement=62', '/ballots');
    assert.deepEqual(pasDeCalais.items.map((b: { id: string }) => b.id).sort(), [
      'legislatives-2024.62-13',
      'municipales-2026.62498',
    ]);
    const corse = await api('/api/v1/ballots?departement=2a', '/ballots');
    assert.deepEqual(
      corse.items.map((b: { id: string }) => b.id),
      ['municipales-2026.2A004'],
    );

    const first = await api('/api/v1/ballots?limit=2', '/ballots');
    assert.equal(first.items.length, 2);
    assert.equal(first.limit, 2);
    assert.equal(first.offset, 0);
    assert.ok(first.total > 2);
    assert.match(first.next, /^http:\/\/pacte\.test\/api\/v1\/ballots\?.*offset=2/);
    const second = await api(first.next.replace('http://pacte.test', ''), '/ballots');
    assert.equal(second.offset, 2);
    assert.notEqual(second.items[0].id, first.items[0].id);
    const last = await api(`/api/v1/ballots?offset=${first.total - 1}`, '/ballots');
    assert.equal(last.items.length, 1);
    assert.equal(last.next, null);

    const details = await api('/api/v1/ballots/municipales-2026.62498', '/ballots/{id}');
    assert.deepEqual(
      details.lists.map((l: { panel: number }) => l.panel),
      [1, 2],
    );
    const circonscription = await api('/api/v1/ballots/legislatives-2024.62-13', '/ballots/{id}');
    assert.ok(circonscription.candidates.some((c: { last_name: string }) => c.last_name === 'DUQUESNE'));
    await api('/api/v1/ballots/municipales-2026.99999', '/ballots/{id}', 404);
  });

  test('lists: filters by nuance, commune, département; members in order', async () => {
    const ldvg = await api('/api/v1/lists?nuance=ldvg', '/lists');
    assert.deepEqual(
      ldvg.items.map((l: { name: string }) => l.name),
      ['Lens en commun'],
    );
    assert.equal(ldvg.items[0].nuance_label, 'Liste divers gauche');
    const lens = await api('/api/v1/lists?commune=62498&election=municipales-2026', '/lists');
    assert.equal(lens.total, 2);
    const none = await api('/api/v1/lists?departement=93&nuance=LDVG', '/lists');
    assert.equal(none.total, 0);
    assert.equal(none.next, null);
    const list = await api(`/api/v1/lists/${ldvg.items[0].id}`, '/lists/{id}');
    assert.deepEqual(
      list.members.map((m: { position: number }) => m.position),
      [...list.members.map((m: { position: number }) => m.position)].sort((a, b) => a - b),
    );
    assert.equal(list.members[0].last_name, 'LEFÈBVRE');
    assert.equal(list.members[0].head, true);
    await api('/api/v1/lists/nope', '/lists/{id}', 404);
  });

  test('candidacies: by election, ballot, list; a person with public fields only', async () => {
    const legislatives = await api('/api/v1/candidacies?election=legislatives-2024&limit=500', '/candidacies');
    assert.ok(legislatives.total >= 4);
    assert.ok(legislatives.items.every((c: { list_id: string | null }) => c.list_id === null));
    const ballot = await api('/api/v1/candidacies?ballot=legislatives-2024.62-13', '/candidacies');
    const duquesne = ballot.items.find((c: { last_name: string }) => c.last_name === 'DUQUESNE');
    assert.equal(duquesne.outgoing, true);
    assert.equal(duquesne.substitute_last_name, 'LEROY');
    const lists = await api('/api/v1/lists?commune=62498&nuance=LDVG', '/lists');
    const members = await api(`/api/v1/candidacies?list=${lists.items[0].id}&limit=1`, '/candidacies');
    assert.equal(members.items.length, 1);
    assert.equal(members.items[0].position, 1);
    assert.ok(members.next);

    const person = await api(`/api/v1/people/${duquesne.person_id}`, '/people/{id}');
    assert.deepEqual(Object.keys(person).sort(), ['candidacies', 'first_name', 'id', 'last_name']);
    assert.equal(person.candidacies[0].ballot_id, 'legislatives-2024.62-13');
    await api('/api/v1/people/nobody', '/people/{id}', 404);
  });

  test('bad parameters answer 400 with a French message', async () => {
    for (const [path, template, name] of [
      ['/api/v1/ballots?limit=abc', '/ballots', 'limit'],
      ['/api/v1/ballots?limit=0', '/ballots', 'limit'],
      ['/api/v1/ballots?offset=-1', '/ballots', 'offset'],
      ['/api/v1/lists?election=%3Cscript%3E', '/lists', 'election'],
      ['/api/v1/lists?commune=lens', '/lists', 'commune'],
      ['/api/v1/candidacies?election=<script>', '/candidacies', 'election'],
    ] as const) {
      const body = await api(path, template, 400);
      assert.equal(body.error, 'invalid_parameter');
      assert.match(body.message, new RegExp(`Paramètre « ${name} » invalide`));
      assert.doesNotMatch(body.message, /<script>/);
    }
    for (const [path, template] of [
      ['/api/v1/ballots?electoin=municipales-2026', '/ballots'],
      ['/api/v1/lists?<script>=1', '/lists'],
      ['/api/v1/candidacies?page=2', '/candidacies'],
      ['/api/v1/statistics?departement=62', '/statistics'],
      ['/api/v1/communes?q=lens&dep=62', '/communes'],
      ['/api/v1/communes/62498?format=xml', '/communes/{insee}'],
      ['/api/v1/elections?year=2026', '/elections'],
      ['/api/v1/lists/abc?expand=1', '/lists/{id}'],
    ] as const) {
      const body = await api(path, template, 400);
      assert.equal(body.error, 'invalid_parameter');
      assert.match(body.message, /^Paramètre inconnu : « /);
      assert.doesNotMatch(body.message, /<script>/);
    }
    const unknown = await get('/api/v1/nothing-here');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error, 'not_found');
  });

  test('ETag and If-None-Match, cache and CORS headers, OPTIONS preflight', async () => {
    const first = await get('/api/v1/lists?election=municipales-2026');
    const tag = first.response.headers.get('etag');
    assert.match(tag ?? '', /^"[^"]+"$/);
    assert.equal(first.response.headers.get('cache-control'), 'public, max-age=60');
    assert.equal(first.response.headers.get('access-control-allow-origin'), '*');
    const again = await get('/api/v1/lists?election=municipales-2026', { 'If-None-Match': tag ?? '' });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    assert.equal(again.response.headers.get('etag'), tag);
    assert.equal(again.response.headers.get('cache-control'), 'public, max-age=60');
    const other = await get('/api/v1/lists?election=legislatives-2024', { 'If-None-Match': tag ?? '' });
    assert.equal(other.status, 200);
    assert.notEqual(other.response.headers.get('etag'), tag);

    const preflight = await testApp(database().connection).app.request('/api/v1/ballots', {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /GET/);
  });

  test('a huge limit is capped, an offset past the end gives an empty page', async () => {
    const capped = await api('/api/v1/candidacies?limit=100000', '/candidacies');
    assert.equal(capped.limit, 500);
    const beyond = await api('/api/v1/candidacies?offset=99999999999', '/candidacies');
    assert.deepEqual(beyond.items, []);
    assert.equal(beyond.next, null);
    assert.ok(beyond.total > 0);
  });

  test('statistics: the campaign figures, validated against the document; unknown election → 404', async () => {
    const stats = await api('/api/v1/statistics', '/statistics');
    assert.equal(stats.election.id, 'municipales-2026');
    assert.equal(stats.totals.signatures, 0);
    assert.equal(stats.totals.elected, null);
    assert.ok(stats.totals.lists > 0);
    assert.ok(stats.departements.some((d: { code: string; lists: number }) => d.code === '62' && d.lists > 0));
    assert.ok(stats.nuances.length > 0);
    const legislatives = await api('/api/v1/statistics?election=legislatives-2024', '/statistics');
    assert.equal(legislatives.election.id, 'legislatives-2024');
    await api('/api/v1/statistics?election=nulle-part', '/statistics', 404);
    await api('/api/v1/statistics?election=%3Cx%3E', '/statistics', 400);
  });
});
