import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeset } from './letter.ts';
import { fieldsOf, MERGE_FIELDS, type MergeValues, merge, parseTemplate, TemplateError } from './merge-fields.ts';
import { civilityOf, frenchDate } from './recipients.service.ts';
import { TEMPLATE_SEEDS } from './templates.seed.ts';
import { checkTemplate } from './templates.service.ts';

test('an unknown merge field is refused, naming it', () => {
  assert.throws(
    () => parseTemplate('Bonjour {{candidat.nom}} de {{ville.nom}}'),
    (error: unknown) =>
      error instanceof TemplateError &&
      error.message === 'Champ de fusion inconnu : {{ville.nom}}.' &&
      error.unknownFields.join() === 'ville.nom',
  );
  assert.throws(
    () => parseTemplate('{{a}} {{b}} {{a}}'),
    (error: unknown) => error instanceof TemplateError && error.message === 'Champs de fusion inconnus : {{a}}, {{b}}.',
  );
});

test('an unclosed brace is refused, quoting it', () => {
  assert.throws(() => parseTemplate('Le {{election.date_tour1 prochain'), /Accolades non fermées : « \{\{election/);
  assert.throws(() => parseTemplate('{{candidat.nom {{liste.nom}}'), /Accolades non fermées/);
});

test('fields are merged, spaces inside braces allowed', () => {
  const parts = parseTemplate('{{ candidat.civilite }} {{candidat.nom}}, liste « {{liste.nom}} »');
  const values = Object.fromEntries(Object.keys(MERGE_FIELDS).map((f) => [f, ''])) as MergeValues;
  Object.assign(values, { 'candidat.civilite': 'Madame', 'candidat.nom': 'LŒUVRE', 'liste.nom': 'Lens' });
  assert.equal(merge(parts, values), 'Madame LŒUVRE, liste « Lens »');
  assert.deepEqual(fieldsOf('{{liste.nom}} {{liste.nom}} {{date}}'), ['liste.nom', 'date']);
});

test('the shipped templates only use known fields', () => {
  for (const seed of TEMPLATE_SEEDS) {
    assert.deepEqual(
      checkTemplate({ name: seed.name, electionKind: seed.electionKind, subject: seed.subject, body: seed.body }),
      {},
    );
  }
});

test('checkTemplate reports each field in French', () => {
  assert.deepEqual(checkTemplate({ name: '', electionKind: 'cantonales', subject: '', body: '{{nom}}' }), {
    name: 'Donnez un nom au modèle.',
    electionKind: 'Choisissez le type d’élection.',
    subject: 'L’objet est obligatoire.',
    body: 'Champ de fusion inconnu : {{nom}}.',
  });
});

test('dates, civilities and French spacing', () => {
  assert.equal(frenchDate('2026-03-15'), '15 mars 2026');
  assert.equal(frenchDate('2024-06-01'), '1er juin 2024');
  assert.equal(civilityOf('F'), 'Madame');
  assert.equal(civilityOf(null), 'Madame, Monsieur');
  assert.equal(typeset('« Lens » : oui ?'), '«\u00a0Lens\u00a0»\u00a0: oui\u00a0?');
});
