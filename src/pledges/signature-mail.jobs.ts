// The email sent after a signature (confirmation link, « already recorded », « received »), through the
// job queue (src/jobs/): the form's answer only stores the message; the worker of any instance renders
// the filled pact PDF, attaches it and sends it, once, and tries again later if the mail server is away.
import type { Db } from '../db/connection.ts';
import { enqueue, type JobQueue } from '../jobs/queue.ts';
import { deliver } from '../mail/mail.jobs.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { signatureAlreadyRecorded, signatureConfirmation } from '../mail/templates.tsx';
import { getPactVersion } from './pact-documents.service.ts';
import { renderPactPdf } from './pact-pdf.ts';
import { getSignature, pdfFieldsOf, pdfNotesOf, type Signature } from './signatures.service.ts';

export const SIGNATURE_MAIL_JOB = 'pledges.signature-mail';
export const SIGNED_PDF_NAME = 'pacte-du-logiciel-libre-rempli.pdf';

/** A message written by the caller, or (`token`) the public form's message, written by the worker. */
type Payload =
  | { signatureId: string; message: Omit<MailMessage, 'attachments'> }
  | { signatureId: string; token: string; baseUrl: string };

/** The pact as this signatory filled it, or undefined when its version is gone. */
export async function filledPactPdf(db: Db, s: Signature): Promise<Uint8Array | undefined> {
  const pact = await getPactVersion(db, s.documentId, s.documentVersion);
  return pact ? renderPactPdf(pact, pdfFieldsOf(s.fields), s.variant, pdfNotesOf(s)) : undefined;
}

/** Queues the message for `signature`, to be sent with its filled PDF. */
export async function sendSignatureMail(
  queue: JobQueue,
  signature: Signature,
  message: Omit<MailMessage, 'attachments'>,
) {
  const payload: Payload = { signatureId: signature.id, message };
  await queue.enqueue(SIGNATURE_MAIL_JOB, payload);
}

/**
 * For `createSignature`'s `alongside`: the public form's email queued in the signature's own transaction,
 * so a crash can leave neither a signature without its email nor an email without its signature. The
 * worker writes it (confirmation link, or « already recorded » for a known signatory) with `token`.
 * Call `queue.notify()` once the signature is stored.
 */
export function queueFormMail(baseUrl: string) {
  return async (trx: Db, signatureId: string, token: string) => {
    const payload: Payload = { signatureId, token, baseUrl };
    await enqueue({ db: trx }, SIGNATURE_MAIL_JOB, payload);
  };
}

/** The public form's message for `signature`, as the form's answer promised it. */
async function formMessage(db: Db, s: Signature, token: string, baseUrl: string) {
  const pact = await getPactVersion(db, s.documentId, s.documentVersion);
  const name = `${s.fields.firstName} ${s.fields.lastName}`;
  const pactTitle = pact?.title ?? '';
  const content =
    s.state === 'pending_confirmation'
      ? signatureConfirmation(
          { baseUrl },
          {
            name,
            pactTitle,
            link: `${baseUrl}/signer/confirmer/${token}`,
            expiresAt: new Date(s.confirmationExpiresAt ?? Date.now()),
            withPdf: true,
          },
        )
      : signatureAlreadyRecorded({ baseUrl }, { name, pactTitle, link: `${baseUrl}/signer/merci/${token}` });
  return { to: s.fields.email, ...content };
}

/** The worker side, registered at composition (src/web/app.tsx). */
export function handleSignatureMailJobs(queue: JobQueue, db: Db, mailer: Mailer): void {
  queue.handle(SIGNATURE_MAIL_JOB, async (payload) => {
    const job = payload as Payload;
    const signature = await getSignature(db, job.signatureId);
    // Deleted or anonymised by its owner before the message left: not sent.
    if (!signature?.fields.email) return;
    const message =
      'message' in job ? job.message : await formMessage(db, signature, job.token, job.baseUrl.replace(/\/$/, ''));
    // Its address corrected meanwhile: the message was for the old one.
    if (signature.fields.email.toLowerCase() !== message.to.toLowerCase()) return;
    const pdf = await filledPactPdf(db, signature);
    await deliver(mailer, {
      ...message,
      attachments: pdf
        ? [{ filename: SIGNED_PDF_NAME, content: Buffer.from(pdf), contentType: 'application/pdf' }]
        : undefined,
    });
  });
}
