// The emails of the ambassadors programme, in French: one list of blocks rendered as plain text and
// as HTML (hono/jsx escapes every value), like src/mail/templates.tsx.
import type { JSX } from 'hono/jsx/jsx-runtime';
import { CAMPAIGN_NAME, formatExpiry, type MailContent } from '../mail/templates.tsx';

type Block = { paragraph: string } | { button: string; href: string } | { lines: string[] };

interface Draft {
  subject: string;
  name?: string;
  blocks: Block[];
  reason: string;
}

function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function text(draft: Draft): string {
  const blocks = draft.blocks.map((b) =>
    'paragraph' in b ? b.paragraph : 'lines' in b ? b.lines.map(oneLine).join('\n') : `${b.button} :\n${b.href}`,
  );
  const hello = draft.name ? `Bonjour ${oneLine(draft.name)},` : 'Bonjour,';
  return `${[CAMPAIGN_NAME, hello, ...blocks, `-- \n${draft.reason}`].join('\n\n')}\n`;
}

function Html({ draft }: { draft: Draft }) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <title>{oneLine(draft.subject)}</title>
      </head>
      <body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
        <p style="font-weight:bold;font-size:20px">{CAMPAIGN_NAME}</p>
        <p>{draft.name ? `Bonjour ${oneLine(draft.name)},` : 'Bonjour,'}</p>
        {draft.blocks.map((b) =>
          'paragraph' in b ? (
            <p>{b.paragraph}</p>
          ) : 'lines' in b ? (
            <p>
              {b.lines.map((line, i) => (
                <>
                  {i > 0 && <br />}
                  {oneLine(line)}
                </>
              ))}
            </p>
          ) : (
            <p>
              <a href={b.href} style="font-weight:bold">
                {b.button}
              </a>
              <br />
              <span style="font-size:13px;color:#555">{b.href}</span>
            </p>
          ),
        )}
        <p style="margin-top:32px;font-size:13px;color:#555">{draft.reason}</p>
      </body>
    </html>
  );
}

function render(draft: Draft): MailContent {
  const html = (<Html draft={draft} />) as JSX.Element;
  return { subject: oneLine(draft.subject), text: text(draft), html: `<!DOCTYPE html>${html.toString()}` };
}

const MAIRIE_REASON = `Vous recevez ce message parce que cette adresse a été saisie dans le formulaire de demande de visite d’un ambassadeur du libre du ${CAMPAIGN_NAME}.`;

export function requestConfirmation(p: { name: string; commune: string; link: string; expiresAt: Date }): MailContent {
  return render({
    subject: `Confirmez votre demande de visite — ${p.commune}`,
    name: p.name,
    blocks: [
      {
        paragraph: `Nous avons bien reçu la demande de visite d’un ambassadeur du libre pour la mairie de ${p.commune}.`,
      },
      { paragraph: 'Pour qu’elle soit transmise au groupe local le plus proche, confirmez votre adresse :' },
      { button: 'Confirmer la demande', href: p.link },
      { paragraph: `Ce lien expire le ${formatExpiry(p.expiresAt)}.` },
      { paragraph: 'Si vous n’avez rien demandé, ignorez ce message : la demande ne sera pas transmise.' },
    ],
    reason: MAIRIE_REASON,
  });
}

export function requestJoined(p: { name: string; commune: string; since: string; stateLabel: string }): MailContent {
  return render({
    subject: `Une demande de visite est déjà en cours — ${p.commune}`,
    name: p.name,
    blocks: [
      {
        paragraph: `Une demande de visite d’un ambassadeur du libre pour la mairie de ${p.commune} est déjà en cours depuis le ${p.since} (état : ${p.stateLabel}).`,
      },
      {
        paragraph:
          'Votre demande y a été jointe : vos coordonnées et vos centres d’intérêt sont transmis à l’organisation qui la suit. Inutile de la renouveler.',
      },
    ],
    reason: MAIRIE_REASON,
  });
}

export function coordinatorsAlert(p: { commune: string; departement: string; link: string }): MailContent {
  return render({
    subject: `Demande de visite à attribuer — ${p.commune}`,
    blocks: [
      {
        paragraph: `La mairie de ${p.commune} (${p.departement}) demande la visite d’un ambassadeur du libre, mais aucune organisation n’a d’ambassadeur dans la commune, son intercommunalité, son département ni les départements voisins.`,
      },
      { paragraph: 'La demande est conservée « à attribuer » : choisissez une organisation.' },
      { button: 'Attribuer la demande', href: p.link },
    ],
    reason: `Vous recevez ce message parce que vous coordonnez la campagne du ${CAMPAIGN_NAME}.`,
  });
}

export interface MairieDetails {
  commune: string;
  departement: string;
  contactName: string;
  contactRole: string;
  email: string;
  phone: string;
  periods: string;
  interests: string;
}

export function organisationAssigned(p: { organisation: string; mairie: MairieDetails; link: string }): MailContent {
  const m = p.mairie;
  return render({
    subject: `Visite d’ambassadeur demandée : mairie de ${m.commune}`,
    blocks: [
      {
        paragraph: `La coordination a confié à ${p.organisation} la demande de visite d’un ambassadeur du libre de la mairie de ${m.commune} (${m.departement}).`,
      },
      {
        lines: [
          `Contact : ${m.contactName} (${m.contactRole})`,
          `Courriel : ${m.email}`,
          `Téléphone : ${m.phone}`,
          `Périodes souhaitées : ${m.periods || 'non précisées'}`,
          `Intérêts : ${m.interests || 'non précisés'}`,
        ],
      },
      { paragraph: 'Prenez contact avec la mairie, puis notez le rendez-vous et la visite dans votre espace :' },
      { button: 'Suivre la demande', href: p.link },
    ],
    reason: `Vous recevez ce message parce que vous êtes membre de ${p.organisation}, organisation relais du ${CAMPAIGN_NAME}.`,
  });
}

export function reminder(p: {
  commune: string;
  stateLabel: string;
  days: number;
  link: string;
  audience: string;
}): MailContent {
  return render({
    subject: `Relance : demande de visite de ${p.commune} en attente`,
    blocks: [
      {
        paragraph: `La demande de visite de la mairie de ${p.commune} est à l’étape « ${p.stateLabel} » depuis ${p.days} jours.`,
      },
      { paragraph: 'Pouvez-vous faire avancer la demande ou noter où elle en est ?' },
      { button: 'Voir la demande', href: p.link },
    ],
    reason: `Vous recevez ce rappel parce que ${p.audience}.`,
  });
}
