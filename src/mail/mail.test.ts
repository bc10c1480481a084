import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { loadConfig } from '../config.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { createMailer, MailError, type MailMessage, slugify } from './mailer.ts';
import { accountConfirmation, type MailContent, passwordReset, signatureConfirmation } from './templates.tsx';

const ctx = { baseUrl: 'http://pacte.test' };
const expiresAt = new Date('2026-11-23T20:47:00Z');
const hostileName = '<script>alert("x")</script> Élise & Co';

const templates: { name: string; content: MailContent; subject: RegExp; link: string; button: string }[] = [
  {
    name: 'accountConfirmation',
    link: 'http://pacte.test/compte/confirmer?jeton=abc&x=1',
    content: accountConfirmation(ctx, {
      name: hostileName,
      link: 'http://pacte.test/compte/confirmer?jeton=abc&x=1',
      expiresAt,
    }),
    subject: /^Confirmez votre compte — Pacte du Logiciel Libre$/,
    button: 'Confirmer mon compte',
  },
  {
    name: 'passwordReset',
    link: 'http://pacte.test/mot-de-passe/nouveau?jeton=def',
    content: passwordReset(ctx, {
      name: hostileName,
      link: 'http://pacte.test/mot-de-passe/nouveau?jeton=def',
      expiresAt,
    }),
    subject: /^Réinitialisation de votre mot de passe — Pacte du Logiciel Libre$/,
    button: 'Choisir un nouveau mot de passe',
  },
  {
    name: 'signatureConfirmation',
    link: 'http://pacte.test/signer/confirmer?jeton=ghi',
    content: signatureConfirmation(ctx, {
      name: hostileName,
      pactTitle: 'Pacte du Logiciel Libre 2026',
      link: 'http://pacte.test/signer/confirmer?jeton=ghi',
      expiresAt,
    }),
    subject: /^Confirmez votre signature — Pacte du Logiciel Libre 2026$/,
    button: 'Confirmer ma signature',
  },
];

const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a]);

function messageFor(content: MailContent): MailMessage {
  return {
    to: 'elise@example.org',
    replyTo: 'coordination@example.org',
    ...content,
    attachments: [{ filename: 'pacte-2026.pdf', content: pdf, contentType: 'application/pdf' }],
  };
}

/** What every delivered template must look like, whichever the transport. */
function assertDelivered(parsed: ParsedMail, t: (typeof templates)[number]) {
  assert.match(parsed.subject ?? '', t.subject);
  assert.equal(parsed.from?.value[0]?.address, 'pacte@april.org');
  assert.equal(parsed.from?.value[0]?.name, 'Pacte du Logiciel Libre');
  assert.equal((parsed.to as { text: string }).text, 'elise@example.org');
  assert.equal(parsed.replyTo?.value[0]?.address, 'coordination@example.org');

  const text = parsed.text ?? '';
  assert.equal(text.trim(), t.content.text.trim(), 'the plain-text part arrives intact');
  assert.match(text, /Bonjour <script>alert\("x"\)<\/script> Élise & Co,/, 'plain text is not HTML-escaped');
  assert.ok(text.includes(t.link), 'the link is in the plain text');
  assert.match(text, /23 novembre 2026 à 21:47 \(heure de Paris\)/);
  assert.match(text, /http:\/\/pacte\.test\/mes-donnees/);

  const html = typeof parsed.html === 'string' ? parsed.html : '';
  assert.doesNotMatch(html, /<script/i, 'no script element gets through');
  assert.match(html, /Bonjour &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; Élise &amp; Co,/);
  assert.ok(html.includes(`href="${t.link.replaceAll('&', '&amp;')}"`), 'the button links to the URL');
  assert.ok(html.includes(t.button));
  assert.match(html, /<html lang="fr">/);
  assert.match(html, /Pacte du Logiciel Libre<\/a>/, 'the layout names the campaign');
  assert.match(html, /Vous recevez ce message parce qu(e|’)/);
  assert.match(html, /href="http:\/\/pacte\.test\/mes-donnees"/, 'the footer links to the personal-data notice');

  assert.equal(parsed.attachments.length, 1);
  const [attachment] = parsed.attachments;
  assert.equal(attachment?.filename, 'pacte-2026.pdf');
  assert.equal(attachment?.contentType, 'application/pdf');
  assert.deepEqual(attachment?.content, pdf, 'attachment bytes arrive unchanged');
}

describe('createMailer over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.close());

  for (const t of templates) {
    test(`${t.name}: delivered to a real SMTP server with text, HTML and attachment`, async () => {
      const config = loadConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Pacte du Logiciel Libre <pacte@april.org>' });
      const mailer = createMailer(config, { logError: (e) => assert.fail(String(e)) });
      const sent = await mailer.send(messageFor(t.content));
      assert.equal(sent.file, undefined);
      const mail = await smtp.nextMail();
      assert.deepEqual(mail.envelope, { from: 'pacte@april.org', to: ['elise@example.org'] });
      assert.equal(mail.parsed.messageId, sent.messageId);
      assertDelivered(mail.parsed, t);
    });
  }

  test('a header cannot be injected through the subject; only one bare recipient address', async () => {
    const config = loadConfig({ SMTP_URL: smtp.url });
    const logged: unknown[] = [];
    const mailer = createMailer(config, { logError: (e) => logged.push(e) });
    await mailer.send({
      to: 'elise@example.org',
      subject: 'Bonjour\r\nBcc: intrus@example.org',
      text: 'x',
      html: '<p>x</p>',
    });
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['elise@example.org']);
    assert.equal(mail.parsed.headers.get('bcc'), undefined);
    assert.equal(mail.parsed.subject, 'Bonjour Bcc: intrus@example.org');
    assert.equal(mail.parsed.from?.value[0]?.address, 'noreply@localhost', 'the default MAIL_FROM');

    for (const to of [
      'elise@example.org\r\nBcc: intrus@example.org',
      'a@example.org, b@example.org',
      'Élise <e@example.org>',
      'elise',
    ]) {
      await assert.rejects(
        mailer.send({ to, subject: 'x', text: 'x', html: 'x' }),
        (e: unknown) => e instanceof MailError && e.message === 'Adresse de courriel invalide.',
      );
    }
    await assert.rejects(
      mailer.send({ to: 'e@example.org', replyTo: 'a@b.c, d@e.f', subject: 'x', text: 'x', html: 'x' }),
      MailError,
    );
    assert.equal(logged.length, 5);
    assert.equal(smtp.received.length, 0, 'nothing was sent');
  });

  test('an unreachable server: MailError with a message for users, the cause logged', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const logged: unknown[] = [];
    const mailer = createMailer(loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}` }), {
      logError: (e) => logged.push(e),
    });
    assert.equal(mailer.description, `SMTP 127.0.0.1:${port}`);
    const [first] = templates;
    await assert.rejects(
      mailer.send(messageFor(first!.content)),
      (error: unknown) =>
        error instanceof MailError &&
        error.message === 'Le courriel n’a pas pu être envoyé. Réessayez dans quelques minutes.' &&
        !error.message.includes('127.0.0.1'),
    );
    assert.equal(logged.length, 1);
    const entry = String((logged[0] as Error).message);
    assert.match(entry, /Envoi du courriel « Confirmez votre compte — Pacte du Logiciel Libre » impossible/);
    assert.match(entry, /ECONNREFUSED/);
    assert.doesNotMatch(entry, /elise@example\.org/, 'the recipient is not logged');
  });

  test('the description never shows SMTP credentials', () => {
    const mailer = createMailer(loadConfig({ SMTP_URL: 'smtps://pacte:tres-secret@mail.example.org:465' }));
    assert.equal(mailer.description, 'SMTPS mail.example.org:465');
  });
});

describe('createMailer without SMTP_URL (outbox)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pacte-outbox-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const t of templates) {
    test(`${t.name}: one .eml file in the outbox, parseable, same content`, async () => {
      const outboxDir = join(dir, t.name, 'outbox'); // created on first send
      const config = { ...loadConfig({ MAIL_FROM: 'Pacte du Logiciel Libre <pacte@april.org>' }), outboxDir };
      const mailer = createMailer(config, { logError: (e) => assert.fail(String(e)) });
      assert.equal(mailer.description, `dossier ${outboxDir}`);
      const sent = await mailer.send(messageFor(t.content));
      const files = readdirSync(outboxDir);
      assert.equal(files.length, 1);
      assert.equal(join(outboxDir, files[0]!), sent.file);
      assert.match(files[0]!, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-[0-9a-f]{8}-[a-z0-9-]+\.eml$/);
      assert.ok(files[0]!.endsWith(`-${slugify(t.content.subject)}.eml`));
      const raw = readFileSync(sent.file!);
      assert.match(raw.toString('latin1'), /\r\n\r\n/, 'RFC 822 line endings');
      const parsed = await simpleParser(raw);
      assert.equal(parsed.messageId, sent.messageId);
      assertDelivered(parsed, t);
    });
  }

  test('two messages with the same subject get two files', async () => {
    const outboxDir = join(dir, 'twice');
    const mailer = createMailer({ ...loadConfig({}), outboxDir });
    const [first] = templates;
    await mailer.send(messageFor(first!.content));
    await mailer.send(messageFor(first!.content));
    assert.equal(readdirSync(outboxDir).length, 2);
  });

  test('an outbox that cannot be created: MailError, cause logged', async () => {
    const blocker = join(dir, 'a-file');
    rmSync(blocker, { force: true });
    await import('node:fs/promises').then((fs) => fs.writeFile(blocker, ''));
    const logged: unknown[] = [];
    const mailer = createMailer(
      { ...loadConfig({}), outboxDir: join(blocker, 'outbox') },
      { logError: (e) => logged.push(e) },
    );
    await assert.rejects(mailer.send(messageFor(templates[0]!.content)), MailError);
    assert.equal(logged.length, 1);
  });
});

describe('mail templates', () => {
  test('slugify: ASCII words of the subject', () => {
    assert.equal(
      slugify('Réinitialisation de votre mot de passe — Pacte du Logiciel Libre'),
      'reinitialisation-de-votre-mot-de-passe-pacte-du-logiciel-lib',
    );
    assert.equal(slugify('«»—'), 'message');
  });

  test('links must be absolute http(s) URLs', () => {
    for (const link of ['javascript:alert(1)', '/relatif', 'data:text/html,x']) {
      assert.throws(() => accountConfirmation(ctx, { link }), TypeError, link);
    }
  });

  test('without a name: « Bonjour, »; the expiry line only when given', () => {
    const mail = accountConfirmation(ctx, { link: 'https://pacte.test/x' });
    assert.match(mail.text, /^Bonjour,$/m);
    assert.doesNotMatch(mail.text, /valable jusqu/);
  });

  test('line breaks in the pact title cannot reach the subject', () => {
    const mail = signatureConfirmation(ctx, {
      pactTitle: 'Pacte\r\nBcc: intrus@example.org',
      link: 'https://pacte.test/x',
      expiresAt,
    });
    assert.equal(mail.subject, 'Confirmez votre signature — Pacte Bcc: intrus@example.org');
  });
});
