import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect } from '../db/connection.ts';
import { authenticate } from './users.service.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'pacte.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('pacte user add', () => {
  let dir = '';
  let url = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-user-cli-'));
    const template = process.env.PACTE_TEST_SQLITE_TEMPLATE;
    if (!template) throw new Error('run the tests with "npm test"');
    copyFileSync(template, join(dir, 'pacte.sqlite'));
    url = `sqlite:${join(dir, 'pacte.sqlite')}`;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `pacte user add ARGS` without a terminal (stdin is a pipe). */
  function pacte(args: string[], env: Record<string, string> = {}): Promise<Run> {
    const { PACTE_PASSWORD: _p, ...rest } = process.env;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'user', 'add', ...args], {
        cwd: dir,
        env: { ...rest, DATABASE_URL: url, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.stdin.end();
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function assertOneLineError(run: Run, pattern: RegExp) {
    assert.equal(run.code, 1, `exit code 1 (stderr: ${run.stderr})`);
    const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
    assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
    assert.match(lines[0] ?? '', /^pacte : /);
    assert.match(lines[0] ?? '', pattern);
  }

  async function canSignIn(email: string, password: string): Promise<boolean> {
    const connection = connect(url);
    try {
      return (await authenticate(connection.db, { email, password, ip: 'test' })).ok;
    } finally {
      await connection.close();
    }
  }

  test('with PACTE_PASSWORD: creates the account, email in lower case, password hashed with argon2id', async () => {
    const run = await pacte(['--email', 'Admin@Example.org', '--role', 'admin'], {
      PACTE_PASSWORD: 'un mot de passe solide',
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'Compte créé : admin@example.org (admin)\n');
    assert.doesNotMatch(run.stdout, /solide/, 'a given password is never printed');
    const connection = connect(url);
    const row = await connection.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'admin@example.org')
      .executeTakeFirst();
    await connection.close();
    assert.equal(row?.role, 'admin');
    assert.match(row?.password_hash ?? '', /^\$argon2id\$/);
    assert.equal(await canSignIn('admin@example.org', 'un mot de passe solide'), true);
  });

  test('without a terminal nor PACTE_PASSWORD: a password is generated and printed once', async () => {
    const run = await pacte(['--email', 'moderation@example.org', '--role', 'moderator']);
    assert.equal(run.code, 0, run.stderr);
    const password = /^Mot de passe \(affiché une seule fois\) : (\S{20})$/m.exec(run.stdout)?.[1];
    assert.ok(password, run.stdout);
    assert.equal(await canSignIn('moderation@example.org', password), true);
  });

  test('bad role, bad email, existing account, short password: one line, exit 1', async () => {
    assertOneLineError(
      await pacte(['--email', 'x@example.org', '--role', 'chef'], { PACTE_PASSWORD: 'un mot de passe solide' }),
      /rôle inconnu : « chef » \(rôles possibles : volunteer, coordinator, moderator, admin\)/,
    );
    assertOneLineError(
      await pacte(['--email', 'pas-une-adresse', '--role', 'admin'], { PACTE_PASSWORD: 'un mot de passe solide' }),
      /adresse électronique invalide : « pas-une-adresse »/,
    );
    assertOneLineError(
      await pacte(['--email', 'ADMIN@example.org', '--role', 'volunteer'], {
        PACTE_PASSWORD: 'un mot de passe solide',
      }),
      /un compte existe déjà pour admin@example\.org/,
    );
    assertOneLineError(
      await pacte(['--email', 'court@example.org', '--role', 'volunteer'], { PACTE_PASSWORD: 'court' }),
      /mot de passe trop court : au moins 10 caractères/,
    );
    assertOneLineError(
      await pacte(['--email', 'x@example.org']),
      /usage : pacte user add --email COURRIEL --role RÔLE/,
    );
    assertOneLineError(await pacte(['--email', 'x@example.org', '--role']), /--role/);
  });
});
