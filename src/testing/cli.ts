// Runs the `pacte` command as a user would (bin/pacte.js in its own process), for CLI tests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const PACTE_BIN = join(import.meta.dirname, '..', '..', 'bin', 'pacte.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test process's environment without the variables each test sets itself. */
export function cliBaseEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, PORT: _p, BASE_URL: _b, SMTP_URL: _s, SESSION_SECRET: _x, ...rest } = process.env;
  return rest;
}

/** Runs `pacte ARGS` in `cwd` with `env` added to a clean environment; resolves when it exits. */
export function runPacte(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PACTE_BIN, ...args], {
      cwd: options.cwd,
      env: { ...cliBaseEnv(), ...options.env },
    });
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

/** A user error: exit code 1 and exactly one line on stderr, `pacte : …`, without a stack trace. */
export function assertOneLineError(run: CliRun, pattern: RegExp) {
  assert.equal(run.code, 1, `exit code 1 (stderr: ${run.stderr})`);
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0] ?? '', /^pacte : /);
  assert.match(lines[0] ?? '', pattern);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
}
