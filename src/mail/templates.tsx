// The emails Pacte sends, in French (English versions will come with the English account and
// signing pages). Each template is one list of blocks rendered twice — plain text and HTML — so the
// two parts always say the same thing. The HTML goes through hono/jsx: every value is escaped.
import type { JSX } from 'hono/jsx/jsx-runtime';

export const CAMPAIGN_NAME = 'Pacte du Logiciel Libre';

/** Subject and both bodies: spread it into a MailMessage with `to`. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** What every template needs: the public URL of the site (config.baseUrl, without trailing slash). */
export interface MailContext {
  baseUrl: string;
}

type Block = { paragraph: string } | { button: string; href: string };

interface MailDraft {
  subject: string;
  /** The recipient's name, if known (« Bonjour Marie, »). */
  name?: string;
  blocks: Block[];
  /** Why this person receives this message, shown in the footer. */
  reason: string;
}

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** « 23 novembre 2026 à 21:47 (heure de Paris) » */
export function formatExpiry(date: Date): string {
  return `${dateFormat.format(date)} (heure de Paris)`;
}

/** Links in emails are absolute http(s) URLs built by the app; anything else is a programming error. */
function checkedUrl(href: string): string {
  const url = URL.canParse(href) ? new URL(href) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new TypeError(`Lien de courriel invalide (URL http(s) absolue attendue) : ${href}`);
  }
  return url.href;
}

/** Subjects and names end up in headers or a greeting line: one line, no control characters. */
function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function greeting(name: string | undefined): string {
  const clean = name ? oneLine(name) : '';
  return clean ? `Bonjour ${clean},` : 'Bonjour,';
}

function personalDataUrl(ctx: MailContext): string {
  return `${checkedUrl(ctx.baseUrl).replace(/\/$/, '')}/mes-donnees`;
}

function renderText(ctx: MailContext, draft: MailDraft): string {
  const blocks = draft.blocks.map((b) => ('paragraph' in b ? b.paragraph : `${b.button} :\n${checkedUrl(b.href)}`));
  return `${[
    CAMPAIGN_NAME,
    greeting(draft.name),
    ...blocks,
    `-- \n${draft.reason}\nVos données personnelles et vos droits : ${personalDataUrl(ctx)}`,
  ].join('\n\n')}\n`;
}

const styles = {
  body: 'margin:0;padding:0;background:#f3f3f3;',
  card: 'max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;',
  brand: 'margin:0 0 24px;font-size:20px;font-weight:bold;',
  brandLink: 'color:#1a1a1a;text-decoration:none;',
  button:
    'display:inline-block;padding:12px 20px;background:#1d4f91;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  raw: 'font-size:13px;color:#555555;word-break:break-all;',
  footer: 'margin-top:32px;padding-top:16px;border-top:1px solid #dddddd;font-size:13px;color:#555555;',
};

function Layout({ ctx, draft }: { ctx: MailContext; draft: MailDraft }) {
  const home = checkedUrl(ctx.baseUrl);
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{oneLine(draft.subject)}</title>
      </head>
      <body style={styles.body}>
        <div style={styles.card}>
          <p style={styles.brand}>
            <a href={home} style={styles.brandLink}>
              {CAMPAIGN_NAME}
            </a>
          </p>
          <p>{greeting(draft.name)}</p>
          {draft.blocks.map((b) =>
            'paragraph' in b ? (
              <p>{b.paragraph}</p>
            ) : (
              <>
                <p>
                  <a href={checkedUrl(b.href)} style={styles.button}>
                    {b.button}
                  </a>
                </p>
                <p style={styles.raw}>
                  Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur : {checkedUrl(b.href)}
                </p>
              </>
            ),
          )}
          <div style={styles.footer}>
            <p>{draft.reason}</p>
            <p>
              <a href={personalDataUrl(ctx)}>Vos données personnelles et vos droits</a>
            </p>
          </div>
        </div>
      </body>
    </html>
  );
}

function renderHtml(ctx: MailContext, draft: MailDraft): string {
  const html = (<Layout ctx={ctx} draft={draft} />) as JSX.Element;
  const out = html.toString();
  if (typeof out !== 'string') throw new Error('Les gabarits de courriel doivent être synchrones.');
  return `<!DOCTYPE html>${out}`;
}

function render(ctx: MailContext, draft: MailDraft): MailContent {
  return { subject: oneLine(draft.subject), text: renderText(ctx, draft), html: renderHtml(ctx, draft) };
}

/** After someone asks for an account (or is invited): confirm the address. */
export function accountConfirmation(
  ctx: MailContext,
  { name, link, expiresAt }: { name?: string; link: string; expiresAt?: Date },
): MailContent {
  return render(ctx, {
    subject: `Confirmez votre compte — ${CAMPAIGN_NAME}`,
    name,
    blocks: [
      {
        paragraph: `Un compte a été demandé avec cette adresse sur Pacte, la plateforme de campagne du ${CAMPAIGN_NAME}.`,
      },
      { paragraph: 'Pour l’activer, confirmez votre adresse de courriel :' },
      { button: 'Confirmer mon compte', href: link },
      ...(expiresAt ? [{ paragraph: `Ce lien est valable jusqu’au ${formatExpiry(expiresAt)}.` }] : []),
      {
        paragraph: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : aucun compte ne sera activé.',
      },
    ],
    reason: `Vous recevez ce message parce qu’un compte a été demandé avec votre adresse sur la plateforme du ${CAMPAIGN_NAME}.`,
  });
}

/** « Mot de passe oublié » : a single-use link to choose a new password. */
export function passwordReset(
  ctx: MailContext,
  { name, link, expiresAt }: { name?: string; link: string; expiresAt: Date },
): MailContent {
  return render(ctx, {
    subject: `Réinitialisation de votre mot de passe — ${CAMPAIGN_NAME}`,
    name,
    blocks: [
      { paragraph: 'Vous avez demandé à changer le mot de passe de votre compte Pacte.' },
      { button: 'Choisir un nouveau mot de passe', href: link },
      { paragraph: `Ce lien ne sert qu’une fois et expire le ${formatExpiry(expiresAt)}.` },
      { paragraph: 'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.' },
    ],
    reason: `Vous recevez ce message parce qu’une réinitialisation du mot de passe a été demandée pour votre adresse sur la plateforme du ${CAMPAIGN_NAME}.`,
  });
}

/** Double opt-in of an online signature: the signature counts only once this link is followed. */
export function signatureConfirmation(
  ctx: MailContext,
  {
    name,
    pactTitle,
    link,
    expiresAt,
    withPdf = false,
  }: { name?: string; pactTitle: string; link: string; expiresAt: Date; withPdf?: boolean },
): MailContent {
  const title = oneLine(pactTitle);
  return render(ctx, {
    subject: `Confirmez votre signature — ${title}`,
    name,
    blocks: [
      { paragraph: `Merci d’avoir signé « ${title} ».` },
      { paragraph: 'Pour que votre signature soit prise en compte, confirmez votre adresse de courriel :' },
      { button: 'Confirmer ma signature', href: link },
      ...(withPdf ? [{ paragraph: PDF_ATTACHED }] : []),
      {
        paragraph: `Ce lien expire le ${formatExpiry(expiresAt)}. Sans confirmation d’ici là, votre signature ne sera pas prise en compte.`,
      },
      { paragraph: 'Si vous n’avez pas signé ce pacte, ignorez ce message.' },
    ],
    reason: `Vous recevez ce message parce que votre adresse a été saisie dans le formulaire de signature du ${CAMPAIGN_NAME}.`,
  });
}

const PDF_ATTACHED =
  'Le pacte rempli à votre nom est joint à ce message (PDF) : imprimez-le et signez-le, ou signez-le numériquement, puis déposez-le depuis votre page de signature.';

/** A signature received through a personal invitation link (no confirmation needed), with its page. */
export function signatureReceived(
  ctx: MailContext,
  { name, pactTitle, link }: { name?: string; pactTitle: string; link: string },
): MailContent {
  const title = oneLine(pactTitle);
  return render(ctx, {
    subject: `Votre signature est enregistrée — ${title}`,
    name,
    blocks: [
      {
        paragraph: `Merci d’avoir signé « ${title} ». Votre signature sera publiée après vérification par l’équipe de la campagne.`,
      },
      { paragraph: PDF_ATTACHED },
      { button: 'Ma page de signature', href: link },
    ],
    reason: `Vous recevez ce message parce que votre adresse a été saisie en signant le ${CAMPAIGN_NAME}.`,
  });
}

/** The same address signed the same list again: nothing new is recorded; the page link is sent again. */
export function signatureAlreadyRecorded(
  ctx: MailContext,
  { name, pactTitle, link }: { name?: string; pactTitle: string; link: string },
): MailContent {
  const title = oneLine(pactTitle);
  return render(ctx, {
    subject: `Votre signature était déjà enregistrée — ${title}`,
    name,
    blocks: [
      {
        paragraph: `Une signature de « ${title} » avait déjà été enregistrée avec cette adresse pour cette liste : elle reste valable, rien n’a été ajouté.`,
      },
      { paragraph: 'Votre page de signature (pacte rempli en PDF, dépôt du document signé) :' },
      { button: 'Ma page de signature', href: link },
      { paragraph: 'Si vous n’avez rien signé, ignorez ce message.' },
    ],
    reason: `Vous recevez ce message parce que votre adresse a été saisie dans le formulaire de signature du ${CAMPAIGN_NAME}.`,
  });
}

/** Someone asked for an account with an address that already has one: no new account, a way back in. */
export function accountAlreadyExists(ctx: MailContext, { link }: { link: string }): MailContent {
  return render(ctx, {
    subject: `Vous avez déjà un compte — ${CAMPAIGN_NAME}`,
    blocks: [
      { paragraph: 'Une inscription a été demandée avec cette adresse, mais un compte Pacte existe déjà pour elle.' },
      { paragraph: 'Connectez-vous avec votre mot de passe ; si vous l’avez oublié, choisissez-en un nouveau :' },
      { button: 'Mot de passe oublié', href: link },
      { paragraph: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien n’a changé.' },
    ],
    reason: `Vous recevez ce message parce qu’une inscription a été demandée avec votre adresse sur la plateforme du ${CAMPAIGN_NAME}.`,
  });
}

/** A moderator refused a signature: the reason, and how to sign again. */
export function signatureRejected(
  ctx: MailContext,
  { name, pactTitle, reason, signLink }: { name?: string; pactTitle: string; reason: string; signLink: string },
): MailContent {
  const title = oneLine(pactTitle);
  return render(ctx, {
    subject: `Votre signature n’a pas pu être publiée — ${title}`,
    name,
    blocks: [
      {
        paragraph: `L’équipe de modération de la campagne a examiné votre signature de « ${title} » et n’a pas pu la publier, pour la raison suivante :`,
      },
      { paragraph: reason },
      { paragraph: 'Vous pouvez signer de nouveau, en corrigeant ce qui doit l’être :' },
      { button: 'Signer le pacte', href: signLink },
    ],
    reason: `Vous recevez ce message parce que vous avez signé le ${CAMPAIGN_NAME}.`,
  });
}

/** « Did they act? »: items of the scorecards in a volunteer's zone not updated recently (followup/). */
export function followupReminder(
  ctx: MailContext,
  {
    name,
    organisation,
    months,
    collectivities,
  }: {
    name?: string;
    organisation: string;
    months: number;
    collectivities: { name: string; items: string[]; link: string }[];
  },
): MailContent {
  const shown = collectivities.slice(0, 20);
  const more = collectivities.length - shown.length;
  return render(ctx, {
    subject: `Ont-ils agi ? Suivi des engagements — ${oneLine(organisation)}`,
    name,
    blocks: [
      {
        paragraph: `Ces engagements d’élus signataires du pacte, dans la zone de ${oneLine(organisation)}, n’ont pas été mis à jour depuis ${months} mois. Savez-vous ce qui a été fait ? Proposez une mise à jour avec une preuve (lien, document, date) : la modération la publiera.`,
      },
      ...shown.flatMap((c) => [
        { paragraph: `${oneLine(c.name)} — éléments à vérifier : ${c.items.join(', ')}` },
        { button: `Mettre à jour le suivi de ${oneLine(c.name)}`, href: c.link },
      ]),
      ...(more > 0 ? [{ paragraph: `Et ${more} autre(s) collectivité(s), dans votre espace.` }] : []),
    ],
    reason: `Vous recevez ce message parce que vous êtes membre de ${oneLine(organisation)} sur la plateforme du ${CAMPAIGN_NAME} ; il est envoyé tous les ${months} mois au plus.`,
  });
}

/** /mes-donnees: the single-use link that opens the personal data held for this address. */
export function personalDataLink(
  ctx: MailContext,
  { link, expiresAt }: { link: string; expiresAt: Date },
): MailContent {
  return render(ctx, {
    subject: `Vos données personnelles — ${CAMPAIGN_NAME}`,
    blocks: [
      { paragraph: 'Vous avez demandé à consulter les données personnelles que nous détenons sur votre adresse.' },
      { button: 'Voir mes données', href: link },
      {
        paragraph: `Ce lien ne sert qu’une fois et expire le ${formatExpiry(expiresAt)}. Vous pourrez télécharger vos données, les corriger ou les supprimer.`,
      },
      { paragraph: 'Si vous n’avez rien demandé, ignorez ce message : rien ne sera montré ni modifié.' },
    ],
    reason: `Vous recevez ce message parce qu’une consultation des données personnelles a été demandée pour votre adresse sur la plateforme du ${CAMPAIGN_NAME}.`,
  });
}
