// The email sent after a signature (confirmation link, « already recorded », « received »), through the
// job queue (src/jobs/): the form's answer only stores the message; the worker of any instance renders
// the filled pact PDF, attaches it and sends it, once, and tries again later if the mail server is away.
import type { Db } from '../db/connection.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { deliver } from '../mail/mail.jobs.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { getPactVersion } from './pact-documents.service.ts';
import { renderPactPdf } from './pact-pdf.ts';
import { getSignature, pdfFieldsOf, pdfNotesOf, type Signature } from './signatures.service.ts';

export const SIGNATURE_MAIL_JOB = 'pledges.signature-mail';
export const SIGNED_PDF_NAME = 'pacte-du-logiciel-libre-rempli.pdf';

interface Payload {
  signatureId: string;
  message: Omit<MailMessage, 'attachments'>;
}

/** The pact as this signatory filled it, or undefined when its version is gone. */
export async function filledPactPdf(db: Db, s: Signature): Promise<Uint8Array | undefined> {
  const pact = await getPactVersion(db, s.documentId, s.documentVersion);
  return pact ? renderPactPdf(pact, pdfFieldsOf(s.fields), s.variant, pdfNotesOf(s)) : undefined;
}

/** Queues the message for `signature`, to be sent with its filled PDF. */
export async function sendSignatureMail(queue: JobQueue, signature: Signature, message: Payload['message']) {
  const payload: Payload = { signatureId: signature.id, message };
  await queue.enqueue(SIGNATURE_MAIL_JOB, payload);
}

/** The worker side, registered at composition (src/web/app.tsx). */
export function handleSignatureMailJobs(queue: JobQueue, db: Db, mailer: Mailer): void {
  queue.handle(SIGNATURE_MAIL_JOB, async (payload) => {
    const { signatureId, message } = payload as Payload;
    const signature = await getSignature(db, signatureId);
    // Deleted or anonymised by its owner, or its address corrected, before the message left: not sent.
    if (!signature || signature.fields.email?.toLowerCase() !== message.to.toLowerCase()) return;
    const pdf = await filledPactPdf(db, signature);
    await deliver(mailer, {
      ...message,
      attachments: pdf
        ? [{ filename: SIGNED_PDF_NAME, content: Buffer.from(pdf), contentType: 'application/pdf' }]
        : undefined,
    });
  });
}
