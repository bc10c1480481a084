import { CsrfField } from '../web/csrf-field.tsx';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';
import type { PersonalData, SignatureData } from './privacy.service.ts';

const HOME = '/mes-donnees';

export interface RequestModel {
  email: string;
  error?: string;
  stamp: string;
  honeypot: string;
  stampField: string;
}

/** /mes-donnees — the notice of seed 003 and the form asking for a link. */
export function RequestPage({ ctx, model }: { ctx: PageContext; model: RequestModel }) {
  const { t } = ctx;
  const title = t('privacy.title');
  return (
    <Layout ctx={ctx} title={model.error ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t('privacy.notice')}</p>
      <p>{t('privacy.lead')}</p>
      {model.error && (
        <div class="error-summary" role="alert" tabindex={-1} id="erreurs">
          <h2>{t('privacy.errors')}</h2>
          <ul>
            <li>
              <a href="#courriel">{model.error}</a>
            </li>
          </ul>
        </div>
      )}
      <form method="post" action={HOME} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name={model.stampField} value={model.stamp} />
        <div class="visually-hidden" aria-hidden="true">
          <label for={model.honeypot}>{t('privacy.honeypot')}</label>
          <input id={model.honeypot} name={model.honeypot} type="text" value="" tabindex={-1} autocomplete="off" />
        </div>
        <div class="field">
          <label for="courriel">{t('privacy.email')}</label>
          {model.error && (
            <p id="courriel-erreur" class="field-error">
              {model.error}
            </p>
          )}
          <input
            id="courriel"
            name="email"
            type="email"
            autocomplete="email"
            required
            value={model.email}
            {...(model.error ? { 'aria-invalid': 'true', 'aria-describedby': 'courriel-erreur' } : {})}
          />
        </div>
        <button type="submit">{t('privacy.submit')}</button>
      </form>
      <p>{t('privacy.contact')}</p>
      <p>
        <a href={`${HOME}/conservation`}>{t('privacy.retentionLink')}</a>
      </p>
    </Layout>
  );
}

export function MessagePage({
  ctx,
  title,
  paragraphs,
  problem,
  confirm,
}: {
  ctx: PageContext;
  title: string;
  paragraphs: string[];
  problem?: boolean;
  /** A button posting to this address (opening the link: mail scanners only GET). */
  confirm?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('privacy.title'), href: HOME }, { label: title }]} />
      <h1>{title}</h1>
      <div class={problem ? 'notice' : 'card'} role="status">
        {paragraphs.map((p) => (
          <p>{p}</p>
        ))}
      </div>
      {confirm && (
        <form method="post" action={confirm} class="stack-form">
          <CsrfField ctx={ctx} />
          <button type="submit">{t('privacy.link.button')}</button>
        </form>
      )}
      {problem && (
        <p>
          <a href={HOME}>{t('privacy.link.again')}</a>
        </p>
      )}
    </Layout>
  );
}

const STATE_LABELS: Record<string, string> = {
  pending_confirmation: 'en attente de confirmation par courriel',
  to_verify: 'à vérifier par l’équipe',
  published: 'publiée',
  rejected: 'refusée',
  withdrawn: 'retirée',
};

const SIGNATURE_LABELS: Partial<Record<keyof SignatureData, string>> = {
  variant: 'Signée par',
  election_id: 'Élection',
  list_name: 'Nom de la liste',
  list_position: 'Position sur la liste',
  parties: 'Parti(s)',
  website: 'Site web',
  commune_name: 'Commune',
  postcode: 'Code postal',
  last_name: 'Nom',
  first_name: 'Prénom',
  phone: 'Téléphone (jamais public)',
  email: 'Courriel (jamais public)',
  place: 'Fait à',
  signed_on: 'Le',
  consent_publish: 'Accord pour publier le commentaire',
  consent_contact: 'Accord pour être recontacté',
  comment: 'Commentaire',
  channel: 'Reçue par',
  created_at: 'Enregistrée le',
  confirmed_at: 'Confirmée le',
  published_at: 'Publiée le',
  document_uploaded_at: 'Document signé déposé le',
};

function display(field: keyof SignatureData, value: string | number | null): string {
  if (value === null || value === '') return '—';
  if (field === 'variant') return value === 'list' ? 'la liste' : 'la personne';
  if (field === 'consent_publish' || field === 'consent_contact') return Number(value) ? 'oui' : 'non';
  if (field === 'channel')
    return value === 'form' ? 'formulaire en ligne' : value === 'link' ? 'lien personnel' : 'papier';
  return String(value);
}

const ACTION_LABELS: Record<string, string> = {
  'privacy.access': 'consultation',
  'privacy.export': 'téléchargement',
  'privacy.correct': 'correction',
  'privacy.delete': 'suppression',
  'privacy.anonymise': 'anonymisation',
};

function Flash({ flash }: { flash?: { message: string; problem?: boolean } }) {
  if (!flash) return null;
  return (
    <div class={flash.problem ? 'notice' : 'card'} role={flash.problem ? 'alert' : 'status'}>
      <p>{flash.message}</p>
    </div>
  );
}

function SignatureSection({ ctx, s }: { ctx: PageContext; s: SignatureData }) {
  const id = String(s.id);
  const namesEditable = s.state === 'pending_confirmation' || s.state === 'to_verify';
  const keepsList = s.variant === 'list' && s.state === 'published';
  return (
    <section class="card" aria-labelledby={`sig-${id}`}>
      <h3 id={`sig-${id}`}>
        {s.variant === 'list' ? `Liste « ${s.list_name} »` : `${s.first_name} ${s.last_name}`} — {s.commune_name} (
        {STATE_LABELS[String(s.state)] ?? s.state})
      </h3>
      <dl class="facts">
        {(Object.keys(SIGNATURE_LABELS) as (keyof SignatureData)[]).map((f) => (
          <div>
            <dt>{SIGNATURE_LABELS[f]}</dt>
            <dd>{display(f, s[f])}</dd>
          </div>
        ))}
      </dl>
      <form method="post" action={`${HOME}/signatures/${id}/corriger`} class="stack-form">
        <CsrfField ctx={ctx} />
        <h4>Corriger</h4>
        {namesEditable ? (
          <>
            <div class="field">
              <label for={`nom-${id}`}>Nom</label>
              <input id={`nom-${id}`} name="last_name" value={String(s.last_name ?? '')} autocomplete="family-name" />
            </div>
            <div class="field">
              <label for={`prenom-${id}`}>Prénom</label>
              <input
                id={`prenom-${id}`}
                name="first_name"
                value={String(s.first_name ?? '')}
                autocomplete="given-name"
              />
            </div>
          </>
        ) : (
          <p class="hint">Le nom d’une signature publiée ne se corrige plus ici : écrivez à contact@april.org.</p>
        )}
        <div class="field">
          <label for={`tel-${id}`}>Téléphone</label>
          <input id={`tel-${id}`} name="phone" type="tel" value={String(s.phone ?? '')} autocomplete="tel" />
        </div>
        <div class="field">
          <label for={`courriel-${id}`}>Courriel</label>
          <input id={`courriel-${id}`} name="email" type="email" value={String(s.email ?? '')} autocomplete="email" />
        </div>
        <button type="submit">Enregistrer la correction</button>
      </form>
      <form method="post" action={`${HOME}/signatures/${id}/supprimer`} class="stack-form">
        <CsrfField ctx={ctx} />
        <p class="hint">
          {keepsList
            ? 'Votre liste a signé en tant que liste : la signature de la liste reste publique, mais votre nom, votre téléphone, votre courriel et le document signé sont supprimés.'
            : 'La signature est supprimée et disparaît aussitôt des pages publiques.'}
        </p>
        <button type="submit" class="danger">
          {keepsList ? 'Supprimer mes données de cette signature' : 'Supprimer cette signature'}
        </button>
      </form>
    </section>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: (string | null)[][] }) {
  return (
    <div class="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {r.map((c) => (
                <td>{c ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeleteButton({ ctx, action, label }: { ctx: PageContext; action: string; label: string }) {
  return (
    <form method="post" action={action} class="stack-form">
      <CsrfField ctx={ctx} />
      <button type="submit" class="danger">
        {label}
      </button>
    </form>
  );
}

/** /mes-donnees/espace — everything held for the address, with downloads, corrections and deletions. */
export function DataPage({
  ctx,
  data,
  flash,
}: {
  ctx: PageContext;
  data: PersonalData;
  flash?: { message: string; problem?: boolean };
}) {
  const title = ctx.t('privacy.title');
  const nothing =
    data.signatures.length +
      data.visitRequests.length +
      data.letters.length +
      data.contacts.length +
      data.responses.length ===
      0 && !data.account;
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: title, href: HOME }, { label: data.email }]} />
      <h1>Données associées à {data.email}</h1>
      <Flash flash={flash} />
      <p>
        Télécharger : <a href={`${HOME}/espace.json`}>toutes mes données (JSON)</a> ·{' '}
        <a href={`${HOME}/espace.csv`}>toutes mes données (CSV)</a>
      </p>
      {nothing && <p>Nous ne détenons plus aucune donnée associée à cette adresse.</p>}
      {data.signatures.length > 0 && (
        <section aria-labelledby="signatures">
          <h2 id="signatures">Signatures du pacte ({data.signatures.length})</h2>
          {data.signatures.map((s) => (
            <SignatureSection ctx={ctx} s={s} />
          ))}
        </section>
      )}
      {data.account && (
        <section aria-labelledby="compte">
          <h2 id="compte">Compte de bénévole</h2>
          <dl class="facts">
            {(
              [
                ['Courriel', data.account.email],
                ['Nom affiché', data.account.displayName ?? '—'],
                ['Rôle', data.account.role],
                ['Créé le', data.account.createdAt.slice(0, 10)],
                ['Organisations', data.account.organisations.map((o) => `${o.name} (${o.role})`).join(', ') || '—'],
              ] as const
            ).map(([label, value]) => (
              <div>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p class="hint">
            Supprimer le compte efface votre courriel, votre nom et votre mot de passe et le désactive ; les démarches
            enregistrées restent, sans votre nom.
          </p>
          <DeleteButton ctx={ctx} action={`${HOME}/compte/supprimer`} label="Supprimer mon compte" />
        </section>
      )}
      {data.visitRequests.length > 0 && (
        <section aria-labelledby="visites">
          <h2 id="visites">Demandes de visite d’un ambassadeur</h2>
          <Table
            caption="Demandes faites avec votre adresse"
            head={['Commune', 'Nom', 'Fonction', 'Téléphone', 'Disponibilités', 'Étape', 'Demandée le']}
            rows={data.visitRequests.map((r) => [
              r.commune_name,
              r.contact_name,
              r.contact_role,
              r.phone,
              r.periods,
              r.state,
              r.created_at.slice(0, 10),
            ])}
          />
          <p class="hint">Effacer vos coordonnées : la demande de la mairie reste, sans contact.</p>
          <DeleteButton ctx={ctx} action={`${HOME}/demandes-visite/supprimer`} label="Effacer mes coordonnées" />
        </section>
      )}
      {data.letters.length + data.contacts.length + data.responses.length > 0 && (
        <section aria-labelledby="demarches">
          <h2 id="demarches">Démarches des bénévoles où figure votre adresse</h2>
          {data.letters.length > 0 && (
            <Table
              caption="Courriers envoyés à votre adresse"
              head={['Objet', 'Envoyé le', 'État']}
              rows={data.letters.map((l) => [l.subject, l.sent_at.slice(0, 10), l.status])}
            />
          )}
          {data.contacts.length > 0 && (
            <Table
              caption="Notes de contact qui citent votre adresse"
              head={['Date', 'Canal', 'Notes']}
              rows={data.contacts.map((c) => [c.contacted_on, c.channel, c.notes])}
            />
          )}
          {data.responses.length > 0 && (
            <Table
              caption="Réponses qui citent votre adresse"
              head={['Reçue le', 'Texte']}
              rows={data.responses.map((r) => [r.received_on, r.verbatim])}
            />
          )}
          <DeleteButton ctx={ctx} action={`${HOME}/demarches/supprimer`} label="Effacer mon adresse de ces démarches" />
        </section>
      )}
      {data.history.length > 0 && (
        <section aria-labelledby="historique">
          <h2 id="historique">Vos actions sur cette page</h2>
          <Table
            caption="Journal (date, action, objet)"
            head={['Date', 'Action', 'Objet']}
            rows={data.history.map((h) => [
              h.at.slice(0, 16).replace('T', ' '),
              ACTION_LABELS[h.action] ?? h.action,
              h.entity_type,
            ])}
          />
        </section>
      )}
      <form method="post" action={`${HOME}/terminer`} class="stack-form">
        <CsrfField ctx={ctx} />
        <button type="submit">Terminer (fermer l’accès)</button>
      </form>
      <p>
        <a href={`${HOME}/conservation`}>{ctx.t('privacy.retentionLink')}</a>
      </p>
    </Layout>
  );
}

/** /mes-donnees/conservation — what is kept, why and for how long. */
export function RetentionPage({ ctx, months }: { ctx: PageContext; months: number }) {
  const { t } = ctx;
  const rows = (['sig', 'contact', 'pending', 'account', 'visit', 'links', 'audit'] as const).map((k) => [
    t(`privacy.ret.${k}`),
    t(`privacy.ret.${k}Why`),
    t(`privacy.ret.${k}How`, { months }),
  ]);
  const title = t('privacy.retention.title');
  return (
    <Layout ctx={ctx} title={title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: t('privacy.title'), href: HOME }, { label: title }]} />
      <h1>{title}</h1>
      <p class="lead">{t('privacy.ret.intro')}</p>
      <Table
        caption={title}
        head={[t('privacy.ret.what'), t('privacy.ret.why'), t('privacy.ret.howLong')]}
        rows={rows}
      />
      <p>{t('privacy.notice')}</p>
      <p>
        <a href={HOME}>{t('privacy.title')}</a>
      </p>
    </Layout>
  );
}
