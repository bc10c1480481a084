import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordProblem } from './passwords.ts';

test('a long phrase is accepted, without composition rules', () => {
  assert.equal(passwordProblem('mot de passe solide'), undefined);
  assert.equal(passwordProblem('le chat dort au soleil'), undefined);
  assert.equal(passwordProblem(`${'x'.repeat(64)}yz`), undefined, 'long passwords are fine');
});

test('too short, too long', () => {
  assert.match(passwordProblem('court') ?? '', /trop court : au moins 10 caractères/);
  assert.match(passwordProblem('a'.repeat(1001)) ?? '', /trop long/);
});

test('passwords known from leaks, French favourites included, are refused', () => {
  for (const leaked of ['1234567890', 'qwertyuiop', 'motdepasse', 'MotDePasse123!', 'azertyuiop']) {
    assert.match(passwordProblem(leaked) ?? '', /parmi les plus utilisés/, leaked);
  }
});

test('repetitions and sequences are refused', () => {
  for (const weak of ['aaaaaaaaaaaa', 'abababababab', 'abcdefghijkl', '9876543210']) {
    assert.ok(passwordProblem(weak), weak);
  }
});

test('the account’s own address is refused', () => {
  assert.match(passwordProblem('camille.durand-2026', 'camille.durand@example.org') ?? '', /adresse électronique/);
  assert.equal(passwordProblem('camille.durand-2026', 'autre@example.org'), undefined);
});
