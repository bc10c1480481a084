import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PACT_2026 } from './pact-2026.seed.ts';
import { parseCommitments, serializeCommitments } from './pact-markup.ts';

const normalised = (commitments: typeof PACT_2026.commitments) =>
  commitments.map((c) => ({
    number: c.number,
    title: c.title,
    text: c.text,
    actions: c.actions,
    closingTitle: c.closingTitle ?? null,
    closingText: c.closingText ?? [],
    notes: c.notes ?? [],
  }));

test('the 2026 pact written as text and read back gives the same commitments and actions', () => {
  const text = serializeCommitments(PACT_2026.commitments);
  assert.match(text, /^# 1\. Donner la priorité aux logiciels libres et aux formats ouverts$/m);
  const parsed = parseCommitments(text);
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(normalised(parsed.commitments), normalised(PACT_2026.commitments));
  assert.equal(parsed.commitments.length, 3);
});

test('mistakes are reported with their line, in French', () => {
  assert.deepEqual(parseCommitments('').errors, ['Ajoutez au moins un engagement (« # 1. Titre »).']);
  assert.match(parseCommitments('Texte sans titre').errors[0] ?? '', /ligne 1 : le texte doit commencer par « # 1\./);
  const bad = parseCommitments('# 1. Un\n##\n- action\ntexte perdu\n[3] ftp://x\n# 3. Trois');
  assert.ok(bad.errors.some((e) => /ligne 4 : texte inattendu parmi les actions/.test(e)));
  assert.ok(bad.errors.some((e) => /ligne 5 : la note \[3\] doit être une adresse http\(s\)/.test(e)));
  assert.ok(bad.errors.some((e) => /numérotés 1, 2, 3/.test(e)));
});
