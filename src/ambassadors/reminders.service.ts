/**
 * Reminders for requests waiting too long at a step. Run by `pacte ambassadors remind` (daily, from
 * cron or a systemd timer: the web server runs no periodic job, so several instances never send the
 * same reminder twice). A request is reminded at most once per waiting period: `reminded_at` is set,
 * and it is reminded again only after the same delay.
 */
import type { Db } from '../db/connection.ts';
import { newId } from '../db/ids.ts';
import { nowIso } from '../db/portability.ts';
import type { Mailer } from '../mail/mailer.ts';
import { organisationMembers } from '../outreach/organisations.service.ts';
import * as mail from './ambassadors.mail.tsx';
import * as q from './ambassadors.queries.ts';
import { STATES, type State } from './requests.service.ts';

/** Days a request may wait at a step before someone is reminded. */
export const REMINDER_DAYS: Partial<Record<State, number>> = {
  demandee: 7,
  attribuee: 14,
  rdv_fixe: 30,
  visitee: 30,
  relancee: 21,
};

async function organisationRecipients(db: Db, organisationId: string): Promise<string[]> {
  const members = await organisationMembers(db, organisationId);
  const ambassadors = new Set((await q.ambassadorsOf(db, organisationId)).map((a) => a.user_id));
  const chosen = members.filter((m) => ambassadors.has(m.user_id) || m.role === 'coordinator');
  return (chosen.length > 0 ? chosen : members).map((m) => m.email);
}

export interface ReminderSummary {
  requests: number;
  emails: number;
}

export async function sendReminders(
  db: Db,
  mailer: Mailer,
  { baseUrl, now = new Date() }: { baseUrl: string; now?: Date },
): Promise<ReminderSummary> {
  const summary: ReminderSummary = { requests: 0, emails: 0 };
  const coordinators = await q.emailsOfRoles(db, ['coordinator', 'admin']);
  for (const [state, days] of Object.entries(REMINDER_DAYS) as [State, number][]) {
    const before = new Date(now.getTime() - days * 86_400_000).toISOString();
    for (const r of await q.staleRequests(db, state, before)) {
      const toOrganisation = r.organisation_id !== null && state !== 'demandee';
      const recipients = toOrganisation ? await organisationRecipients(db, r.organisation_id as string) : coordinators;
      const waited = Math.floor((now.getTime() - Date.parse(r.state_since)) / 86_400_000);
      const content = mail.reminder({
        commune: r.commune_name,
        stateLabel: STATES[state],
        days: waited,
        link: `${baseUrl}/espace/ambassadeurs/demandes/${r.id}`,
        audience: toOrganisation
          ? `votre organisation suit cette demande de visite`
          : 'vous coordonnez les visites des ambassadeurs du libre',
      });
      for (const to of recipients) {
        await mailer.send({ to, ...content });
        summary.emails++;
      }
      await q.updateRequest(db, r.id, { reminded_at: now.toISOString() });
      await q.insertEvent(db, {
        id: newId(),
        request_id: r.id,
        at: nowIso(),
        actor_user_id: null,
        actor_label: 'système',
        kind: 'reminder',
        from_state: null,
        to_state: null,
        note: `Rappel envoyé à ${recipients.length} personne(s) après ${waited} jours à l’étape « ${STATES[state]} »`,
      });
      summary.requests++;
    }
  }
  return summary;
}
