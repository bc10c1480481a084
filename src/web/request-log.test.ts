import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, loggablePath, logRequest } from './request-log.ts';

test('paths are logged without tokens', () => {
  assert.equal(loggablePath('/communes/62498'), '/communes/62498');
  assert.equal(loggablePath('/signer/invitation/q7Zr4kWm2xP9sT0vB8nL3yHc'), '/signer/invitation/:jeton');
  assert.equal(loggablePath('/listes/municipales-2026.62498.1'), '/listes/municipales-2026.62498.1');
});

test('one JSON line per request; server errors at level error', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  logRequest(logger, { method: 'GET', path: '/communes/62498', status: 200, ms: 1.234 });
  logRequest(logger, { method: 'POST', path: '/signer', status: 500, ms: 12 });
  const [ok, failed] = lines.map((l) => JSON.parse(l));
  assert.deepEqual(
    { method: ok.method, path: ok.path, status: ok.status, ms: ok.ms, level: ok.level, message: ok.message },
    { method: 'GET', path: '/communes/62498', status: 200, ms: 1.2, level: 30, message: 'requête' },
  );
  assert.match(ok.time, /^\d{4}-\d{2}-\d{2}T/);
  assert.equal(failed.level, 50);
});
