import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { type SeededSignatures, seedSignatures } from '../../pledges/signatures.fixtures.ts';
import { testApp } from '../../testing/app.ts';
import { forEachDatabase } from '../../testing/databases.ts';
import { openApiDocument } from './openapi.ts';

// GET /api/v1/signatures: answers checked against the OpenAPI document it serves (like api.test.ts).

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(structuredClone(openApiDocument), 'openapi');

function assertDocumented(status: number, body: unknown) {
  const pointer = [
    'paths',
    '~1signatures',
    'get',
    'responses',
    String(status),
    'content',
    'application~1json',
    'schema',
  ];
  const validate = ajv.getSchema(`openapi#/${pointer.join('/')}`);
  assert.ok(validate, `schema of /signatures ${status}`);
  assert.ok(validate(body), `/signatures ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}

test('the signatures operation is documented with its filters', () => {
  const operation = openApiDocument.paths['/signatures']?.get;
  assert.equal(operation?.operationId, 'listSignatures');
  assert.ok(openApiDocument.components.schemas.Signature);
  // An undocumented (private) field fails the check.
  const page = { items: [], total: 0, limit: 1, offset: 0, next: null };
  assertDocumented(200, page);
  assert.throws(() =>
    assertDocumented(200, { ...page, items: [{ ...(page as object), email: 'a@b.fr', phone: '0600000000' }] }),
  );
});

forEachDatabase('open-data API: signatures', (database) => {
  let seeded: SeededSignatures;
  const api = async (path: string, status = 200) => {
    const response = await testApp(database().connection).app.request(path);
    const text = await response.text();
    assert.equal(response.status, status, `${path}: ${text}`);
    const body = JSON.parse(text);
    assertDocumented(status, body);
    assert.doesNotMatch(text, /@|phone|t[ée]l[ée]phone|courriel/i, `${path} leaks nothing private`);
    return { body, response };
  };

  before(async () => {
    seeded = await seedSignatures(database().connection);
  });

  test('published signatures only, filtered by election and département, paginated', async () => {
    const { body: all, response } = await api('/api/v1/signatures');
    assert.equal(all.total, 3);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.ok(!all.items.some((s: { id: string }) => s.id === seeded.waiting));
    const list = all.items.find((s: { id: string }) => s.id === seeded.listSigned);
    assert.equal(list.variant, 'list');
    assert.equal(list.list_name, 'Lens en commun');
    assert.equal(list.nuance_code, 'LDVG');
    assert.equal(list.nuance_label, 'Liste divers gauche');
    assert.equal(list.commune_insee, '62498');
    const person = all.items.find((s: { id: string }) => s.id === seeded.personSigned);
    assert.equal(person.comment, null, 'a comment without consent is not published');

    const { body: pasDeCalais } = await api('/api/v1/signatures?election=municipales-2026&departement=62');
    assert.equal(pasDeCalais.total, 2);
    assert.ok(pasDeCalais.items.every((s: { departement_code: string }) => s.departement_code === '62'));
    const { body: none } = await api('/api/v1/signatures?election=legislatives-2024');
    assert.equal(none.total, 0);
    const { body: withAnswer } = await api('/api/v1/signatures?reponse=avec');
    assert.deepEqual(
      withAnswer.items.map((s: { id: string }) => s.id),
      [seeded.listSigned],
    );

    const { body: first } = await api('/api/v1/signatures?limit=2');
    assert.equal(first.items.length, 2);
    assert.match(first.next, /offset=2/);
    const { body: second } = await api(first.next.replace('http://pacte.test/api/v1', '/api/v1'));
    assert.equal(second.items.length, 1);
    assert.equal(second.next, null);
  });

  test('bad parameters: 400 with a French message', async () => {
    for (const [query, name] of [
      ['departement=%3Cscript%3E', 'departement'],
      ['election=<x>', 'election'],
      ['reponse=peut-etre', 'reponse'],
      ['limit=0', 'limit'],
    ] as const) {
      const response = await testApp(database().connection).app.request(`/api/v1/signatures?${query}`);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { error: string; message: string };
      assert.equal(body.error, 'invalid_parameter');
      assert.match(body.message, new RegExp(`Paramètre « ${name} » invalide`));
    }
    const unknown = await testApp(database().connection).app.request('/api/v1/signatures?email=x');
    assert.equal(unknown.status, 400);
  });
});
