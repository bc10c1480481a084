import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

/** Runs loadConfig expecting a ConfigError; returns its message. */
function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/, 'the message is one line');
    return error.message;
  }
  assert.fail(`loadConfig(${JSON.stringify(env)}) should have thrown`);
}

describe('loadConfig', () => {
  test('defaults: local SQLite file, port 3000, local base URL, outbox folder', () => {
    const config = loadConfig({});
    assert.deepEqual(config, {
      databaseUrl: 'sqlite:./data/pacte.sqlite',
      port: 3000,
      baseUrl: 'http://localhost:3000',
      smtpUrl: undefined,
      sessionSecret: undefined,
      outboxDir: './data/outbox',
      mailFrom: 'Pacte du Logiciel Libre <noreply@localhost>',
      logLevel: 'info',
      webConcurrency: 1,
    });
  });

  test('WEB_CONCURRENCY: how many processes serve, 1 to 64, named when wrong', () => {
    assert.equal(loadConfig({ WEB_CONCURRENCY: '2' }).webConcurrency, 2);
    for (const wrong of ['0', '65', '1.5', 'deux']) {
      assert.throws(
        () => loadConfig({ WEB_CONCURRENCY: wrong }),
        /^Error: Variable WEB_CONCURRENCY invalide : nombre de processus attendu, de 1 à 64$/,
      );
    }
  });

  test('LOG_LEVEL is one of pino’s levels, named when wrong', () => {
    assert.equal(loadConfig({ LOG_LEVEL: 'warn' }).logLevel, 'warn');
    assert.throws(() => loadConfig({ LOG_LEVEL: 'bavard' }), /Variable LOG_LEVEL invalide : attendu fatal, error/);
  });

  test('empty variables count as unset', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '', BASE_URL: '', SMTP_URL: '', SESSION_SECRET: '' });
    assert.equal(config.databaseUrl, 'sqlite:./data/pacte.sqlite');
    assert.equal(config.port, 3000);
  });

  test('reads PORT, BASE_URL (without trailing slash), SMTP_URL and SESSION_SECRET', () => {
    const secret = 'x'.repeat(32);
    const config = loadConfig({
      PORT: '8080',
      BASE_URL: 'https://pacte.example.org/',
      SMTP_URL: 'smtp://mail.example.org:25',
      SESSION_SECRET: secret,
    });
    assert.equal(config.port, 8080);
    assert.equal(config.baseUrl, 'https://pacte.example.org');
    assert.equal(config.smtpUrl, 'smtp://mail.example.org:25');
    assert.equal(config.sessionSecret, secret);
    assert.equal(loadConfig({ PORT: '8080' }).baseUrl, 'http://localhost:8080');
  });

  test('accepts SQLite paths and PostgreSQL URLs', () => {
    assert.equal(
      loadConfig({ DATABASE_URL: 'sqlite:/var/lib/pacte/pacte.sqlite' }).databaseUrl,
      'sqlite:/var/lib/pacte/pacte.sqlite',
    );
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgres://pacte:secret@db.example.org:5432/pacte' }).databaseUrl,
      'postgres://pacte:secret@db.example.org:5432/pacte',
    );
    assert.equal(
      loadConfig({ DATABASE_URL: 'postgresql://pacte@localhost/pacte' }).databaseUrl,
      'postgresql://pacte@localhost/pacte',
    );
  });

  test('an invalid DATABASE_URL is a one-line ConfigError naming DATABASE_URL', () => {
    for (const url of ['mysql://x', 'pacte.sqlite', 'sqlite:', 'postgres://', 'http://db.example.org']) {
      const message = configError({ DATABASE_URL: url });
      assert.match(message, /DATABASE_URL/);
      assert.match(message, /sqlite:/, 'the message says what is expected');
    }
  });

  test('an invalid PORT is a one-line ConfigError naming PORT', () => {
    for (const port of ['abc', '70000', '-1', '80.5']) {
      const message = configError({ PORT: port });
      assert.match(message, /PORT/, `PORT=${port}`);
      assert.match(message, /numéro de port attendu, de 0 à 65535/, 'the reason is given in French');
    }
    assert.equal(loadConfig({ PORT: '0' }).port, 0);
    assert.equal(loadConfig({ PORT: '65535' }).port, 65_535);
  });

  test('invalid BASE_URL, SMTP_URL and short SESSION_SECRET are named', () => {
    assert.match(configError({ BASE_URL: 'pacte.example.org' }), /BASE_URL/);
    assert.match(configError({ SMTP_URL: 'mail.example.org' }), /SMTP_URL/);
    assert.match(configError({ SESSION_SECRET: 'short' }), /SESSION_SECRET/);
  });

  test('MAIL_FROM: « Nom <adresse> » or a bare address; anything else is named', () => {
    assert.equal(loadConfig({ MAIL_FROM: 'April <pacte@april.org>' }).mailFrom, 'April <pacte@april.org>');
    assert.equal(loadConfig({ MAIL_FROM: ' pacte@april.org ' }).mailFrom, 'pacte@april.org');
    assert.equal(loadConfig({ MAIL_FROM: '"April, Pacte" <p@april.org>' }).mailFrom, '"April, Pacte" <p@april.org>');
    assert.equal(loadConfig({ MAIL_FROM: '' }).mailFrom, 'Pacte du Logiciel Libre <noreply@localhost>');
    for (const from of [
      'April',
      'April <pacte>',
      'pacte@april.org, autre@april.org',
      'a@b.c,d@e.f',
      'April, Pacte <p@april.org>',
      'A\nBcc: x@y.z <a@b.c>',
    ]) {
      const message = configError({ MAIL_FROM: from });
      assert.match(message, /MAIL_FROM/, `MAIL_FROM=${from}`);
      assert.match(message, /Nom <adresse@exemple\.org>/, 'the message says what is expected');
    }
  });

  test('SMTP_URL: smtp:// and smtps:// with a host; other schemes or no host are named', () => {
    assert.equal(
      loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465' }).smtpUrl,
      'smtps://u:p@mail.example.org:465',
    );
    assert.equal(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).smtpUrl, 'smtp://127.0.0.1:2525');
    for (const url of ['http://mail.example.org', 'smtp://', 'smtp:mail.example.org', 'mail.example.org:25']) {
      assert.match(configError({ SMTP_URL: url }), /SMTP_URL/, `SMTP_URL=${url}`);
    }
  });
});
