// Emails sent through the job queue (src/jobs/): the request only stores the message; a worker of any
// instance sends it right after, once, and tries again later if the mail server is away. A message
// survives a restart of the instance that accepted it.
import type { JobQueue } from '../jobs/queue.ts';
import { PermanentJobError } from '../jobs/queue.ts';
import { type MailAttachment, MailError, type Mailer, type MailMessage } from './mailer.ts';

export const MAIL_JOB = 'mail';

interface MailPayload extends Omit<MailMessage, 'attachments'> {
  attachments?: (Omit<MailAttachment, 'content'> & { base64: string })[];
}

function toPayload(message: MailMessage): MailPayload {
  return {
    ...message,
    attachments: message.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      base64: a.content.toString('base64'),
    })),
  };
}

function fromPayload(payload: MailPayload): MailMessage {
  return {
    ...payload,
    attachments: payload.attachments?.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.base64, 'base64'),
    })),
  };
}

/** A Mailer whose send() queues the message (resolves once stored; `messageId` is « job:ID »). */
export function queuedMailer(queue: JobQueue, sender: Mailer): Mailer {
  return {
    description: `${sender.description}, par la file de tâches`,
    async send(message) {
      return { messageId: `job:${await queue.enqueue(MAIL_JOB, toPayload(message))}` };
    },
  };
}

/** Sends from a job handler: a refused address (MailError without a cause) fails the job at once, no retry. */
export async function deliver(sender: Mailer, message: MailMessage): Promise<void> {
  try {
    await sender.send(message);
  } catch (error) {
    if (error instanceof MailError && error.cause === undefined) throw new PermanentJobError(error.message);
    throw error;
  }
}

/** Registers the worker side: jobs of kind « mail » are sent by `sender`. */
export function handleMailJobs(queue: JobQueue, sender: Mailer): void {
  queue.handle(MAIL_JOB, (payload) => deliver(sender, fromPayload(payload as MailPayload)));
}
