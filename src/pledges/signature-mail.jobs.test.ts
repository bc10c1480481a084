// The signature email through the job queue, on both databases: the worker attaches the filled PDF and
// sends it on a real SMTP server; a signature deleted by its owner before the worker ran gets no email.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../config.ts';
import { JobQueue } from '../jobs/queue.ts';
import { createMailer } from '../mail/mailer.ts';
import { forEachDatabase } from '../testing/databases.ts';
import { startSmtpServer } from '../testing/smtp.ts';
import { handleSignatureMailJobs, queueFormMail, SIGNED_PDF_NAME, sendSignatureMail } from './signature-mail.jobs.ts';
import { type SeededSignatures, seedSignatures } from './signatures.fixtures.ts';
import { createSignature, deleteSignatureByOwner, getSignature, type Signature } from './signatures.service.ts';

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

  test('the public form’s email is queued in the signature’s transaction and written by the worker', async () => {
    const { db } = database().connection;
    const input = {
      electionId: 'municipales-2026',
      variant: 'individual' as const,
      channel: 'form' as const,
      communeInsee: '62498',
      fields: {
        listName: 'Lens autrement',
        listPosition: '4',
        parties: '',
        website: '',
        communeName: 'Lens',
        postcode: '62300',
        lastName: 'Formulaire',
        firstName: 'Élise',
        phone: '',
        email: 'elise.formulaire@example.org',
        place: 'Lens',
        signedOn: '2026-11-22',
      },
      consentPublish: true,
      consentContact: false,
    };
    const first = await createSignature(db, input, { alongside: queueFormMail('http://pacte.test/') });
    const jobs = await db.selectFrom('jobs').select('payload').where('status', '=', 'queued').execute();
    assert.ok(jobs.some((j) => JSON.parse(j.payload).signatureId === first.signature.id));
    queue.notify();
    const mail = await smtp.nextMail();
    assert.deepEqual(mail.envelope.to, ['elise.formulaire@example.org']);
    assert.ok(mail.parsed.text?.includes(`http://pacte.test/signer/confirmer/${first.token}`), 'confirmation link');
    assert.equal(mail.parsed.attachments[0]?.filename, SIGNED_PDF_NAME);
    await queue.idle();
    // The same person again: the worker writes « already recorded » with the new token.
    const again = await createSignature(db, input, { alongside: queueFormMail('http://pacte.test') });
    queue.notify();
    const second = await smtp.nextMail();
    assert.ok(second.parsed.text?.includes(`http://pacte.test/signer/`), 'a link');
    assert.ok(second.parsed.text?.includes(again.token), 'with the new token');
    await queue.idle();
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
