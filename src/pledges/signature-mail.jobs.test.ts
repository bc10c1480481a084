// The signature email through the job queue, on both databases: the worker attaches the filled PDF and
// sends it on a real SMTP server; a signature deleted by its owner before the worker ran gets no email.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { JobQueue } from '../jobs/queue.ts';
import { createMailer } from '../mail/mailer.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { handleSignatureMailJobs, SIGNED_PDF_NAME, sendSignatureMail } from './signature-mail.jobs.ts';
import { type SeededSignatures, seedSignatures } from './signatures.fixtures.ts';
import { deleteSignatureByOwner, getSignature, type Signature } from './signatures.service.ts';

forEachDatabase('signature email through the job queue', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let seeded: SeededSignatures;
  let queue: JobQueue;
  before(async () => {
    smtp = await startSmtpServer();
    seeded = await seedSignatures(database().connection);
    queue = new JobQueue(database().connection);
    const config = { ...loadConfig({ DATABASE_URL: 'sqlite::memory:' }), smtpUrl: smtp.url };
    handleSignatureMailJobs(queue, database().connection.db, createMailer(config));
  });
  after(async () => {
    await smtp.close();
  });
  const message = (s: Signature) => ({
    to: s.fields.email as string,
    subject: 'Votre signature',
    text: 'Merci',
    html: '<p>Merci</p>',
  });

  test('the worker renders the filled pact and sends it attached', async () => {
    const signature = (await getSignature(database().connection.db, seeded.personSigned)) as Signature;
    assert.ok(signature.fields.email);
    await sendSignatureMail(queue, signature, message(signature));
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, [signature.fields.email]);
    assert.equal(mail.parsed.attachments[0]?.filename, SIGNED_PDF_NAME);
    assert.equal(mail.parsed.attachments[0]?.contentType, 'application/pdf');
    assert.match(mail.parsed.attachments[0]?.content.subarray(0, 5).toString() ?? '', /^%PDF-/);
    await queue.idle(); // the worker has recorded it and looked for more
  });

  test('a signature deleted by its owner before the worker ran gets no email', async () => {
    const { db } = database().connection;
    const signature = (await getSignature(db, seeded.listSigned)) as Signature;
    assert.ok(signature.fields.email);
    const paused = new JobQueue(database().connection); // no handler: stores the job only
    await sendSignatureMail(paused, signature, message(signature));
    await deleteSignatureByOwner(db, signature.id, signature.fields.email as string);
    await queue.drain();
    const job = await db.selectFrom('jobs').select('status').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(job.status, 'done');
    assert.equal(smtp.received.length, 0);
  });
});
