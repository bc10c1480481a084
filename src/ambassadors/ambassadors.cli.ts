import type { Config } from '../config.ts';
import type { Connection } from '../db/connection.ts';
import { createMailer } from '../mail/mailer.ts';
import { REMINDER_DAYS, sendReminders } from './reminders.service.ts';
import { applyRetention } from './retention.service.ts';

/**
 * `pacte ambassadors remind`: run daily (cron, systemd timer); each request is reminded once per delay.
 * Also applies the retention rules of the mairies' contact details (retention.service.ts).
 */
export async function remindCli(connection: Connection, config: Config): Promise<void> {
  const mailer = createMailer(config);
  const summary = await sendReminders(connection.db, mailer, { baseUrl: config.baseUrl.replace(/\/$/, '') });
  const delays = Object.entries(REMINDER_DAYS)
    .map(([state, days]) => `${state} ${days} j`)
    .join(', ');
  console.log(
    `Demandes de visite relancées : ${summary.requests} (${summary.emails} courriel(s), ${mailer.description})`,
  );
  console.log(`Délais : ${delays}`);
  const retention = await applyRetention(connection.db);
  console.log(
    `Données personnelles : ${retention.deleted} demande(s) jamais confirmée(s) supprimée(s), ${retention.anonymised} contact(s) de demandes closes effacé(s)`,
  );
}
