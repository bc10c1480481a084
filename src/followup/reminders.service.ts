/**
 * « Did they act? » questionnaires: every N months (setting `followup.reminder_months`, default 6),
 * each member of each relay organisation receives one email listing the items of the scorecards in
 * the organisation's zone not updated for N months, with a link straight to the update form.
 *
 * - `sendReminders(db, mailer, { baseUrl, dryRun, now })` → who got (or would get) what. A member
 *   reminded for an organisation less than N months ago is skipped. Called by
 *   `pacte followup remind [--dry-run]` (cron it monthly: it sends only what is due).
 * - `reminderMonths(db)` / `setReminderMonths(db, n)`.
 */
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { getSetting } from '../db/settings.ts';
import type { Mailer } from '../mail/mailer.ts';
import { followupReminder } from '../mail/templates.tsx';
import { listOrganisations, organisationMembers, organisationScope } from '../outreach/organisations.service.ts';
import * as r from './reminders.queries.ts';
import * as q from './scorecards.queries.ts';

const SETTING = 'followup.reminder_months';
export const DEFAULT_REMINDER_MONTHS = 6;

export async function reminderMonths(db: Db): Promise<number> {
  const value = Number.parseInt((await getSetting(db, SETTING)) ?? '', 10);
  return Number.isInteger(value) && value > 0 && value <= 60 ? value : DEFAULT_REMINDER_MONTHS;
}

export async function setReminderMonths(db: Db, months: number): Promise<void> {
  if (!Number.isInteger(months) || months < 1 || months > 60) throw new RangeError('entre 1 et 60 mois');
  await db
    .insertInto('settings')
    .values({ key: SETTING, value: String(months) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(months) }))
    .execute();
}

function monthsBefore(now: Date, months: number): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

export interface ReminderReport {
  months: number;
  dryRun: boolean;
  sent: { email: string; organisation: string; collectivities: number; items: number }[];
  skipped: number;
  failed: { email: string; error: string }[];
}

export async function sendReminders(
  db: Db,
  mailer: Mailer,
  { baseUrl, dryRun = false, now = new Date() }: { baseUrl: string; dryRun?: boolean; now?: Date },
): Promise<ReminderReport> {
  const months = await reminderMonths(db);
  const since = monthsBefore(now, months);
  const report: ReminderReport = { months, dryRun, sent: [], skipped: 0, failed: [] };
  const base = baseUrl.replace(/\/$/, '');
  for (const organisation of await listOrganisations(db)) {
    const stale = await q.staleItemsInZone(db, organisationScope(organisation.id), since);
    if (stale.length === 0) continue;
    const bySlug = Map.groupBy(stale, (s) => s.slug);
    const collectivities = [...bySlug.entries()].map(([slug, items]) => ({
      name: items[0]?.collectivity_name ?? slug,
      items: items.map((i) => i.item_key),
      link: `${base}/espace/suivi/${encodeURIComponent(slug)}#proposer`,
    }));
    for (const member of await organisationMembers(db, organisation.id)) {
      const last = await r.reminderSince(db, member.user_id, organisation.id, since);
      if (last) {
        report.skipped++;
        continue;
      }
      const entry = {
        email: member.email,
        organisation: organisation.name,
        collectivities: collectivities.length,
        items: stale.length,
      };
      if (dryRun) {
        report.sent.push(entry);
        continue;
      }
      try {
        await mailer.send({
          to: member.email,
          ...followupReminder(
            { baseUrl: base },
            { name: member.display_name ?? undefined, organisation: organisation.name, months, collectivities },
          ),
        });
      } catch (error) {
        report.failed.push({ email: member.email, error: (error as Error).message });
        continue;
      }
      await r.insertReminder(db, {
        id: newId(),
        user_id: member.user_id,
        organisation_id: organisation.id,
        items: stale.length,
        sent_at: now.toISOString(),
      });
      report.sent.push(entry);
    }
  }
  return report;
}
