import { CsrfField, withCsrf } from '../web/csrf-field.tsx';
import {
  ErrorSummary,
  type FormErrors,
  formatDate,
  InputField,
  SelectField,
  TextAreaField,
} from '../web/form.views.tsx';
import { Layout, type PageContext } from '../web/layout.tsx';
import { CHANNELS, CLASSIFICATIONS, LEVELS } from './contacts.service.ts';
import type { Reservation } from './reservations.service.ts';
import type { Target } from './targets.service.ts';
import type { TargetStatus } from './workspace.service.ts';
import { type FollowUp, StatusText, targetHref } from './workspace.views.tsx';

export interface ContactFormValues {
  channel: string;
  contactedOn: string;
  notes: string;
  nextStep: string;
  nextStepDue: string;
}

export interface ResponseFormValues {
  receivedOn: string;
  classification: string;
  level: string;
  verbatim: string;
  consent: boolean;
}

export interface ContactItem {
  id: string;
  channel: string;
  contacted_on: string;
  notes: string;
  next_step: string | null;
  next_step_due: string | null;
  next_step_done_at: string | null;
  delivery_state: string | null;
  version: number;
  user_id: string | null;
  user_email: string | null;
  user_name: string | null;
  organisation_name: string | null;
}

export interface ResponseItem {
  id: string;
  received_on: string;
  classification: string;
  level: number | null;
  verbatim: string;
  document_name: string | null;
  consent: number;
  moderation_state: string;
}

const MODERATION = { pending: 'en attente de modération', published: 'publiée', rejected: 'non publiée' } as const;

export function ContactFields({ values, errors }: { values: ContactFormValues; errors: FormErrors }) {
  return (
    <>
      <SelectField
        name="channel"
        label="Canal"
        value={values.channel}
        options={CHANNELS}
        empty="— choisir —"
        error={errors.channel}
      />
      <InputField
        name="contactedOn"
        label="Date du contact"
        type="date"
        value={values.contactedOn}
        error={errors.contactedOn}
      />
      <TextAreaField
        name="notes"
        label="Notes"
        value={values.notes}
        error={errors.notes}
        hint="Privées : jamais publiées."
      />
      <InputField
        name="nextStep"
        label="Prochaine étape"
        value={values.nextStep}
        hint="Par exemple : rappeler le candidat."
        error={errors.nextStep}
      />
      <InputField
        name="nextStepDue"
        label="Échéance de la prochaine étape"
        type="date"
        value={values.nextStepDue}
        error={errors.nextStepDue}
      />
    </>
  );
}

export function TargetPage(props: {
  ctx: PageContext;
  target: Target;
  status: TargetStatus;
  reservation: Reservation | undefined;
  userId: string;
  contacts: ContactItem[];
  responses: ResponseItem[];
  contactForm: { values: ContactFormValues; errors: FormErrors };
  responseForm: { values: ResponseFormValues; errors: FormErrors };
  notice?: string;
}) {
  const { ctx, target, reservation } = props;
  const self = targetHref(target.type, target.id);
  const hasErrors = Object.keys(props.contactForm.errors).length + Object.keys(props.responseForm.errors).length > 0;
  return (
    <Layout ctx={ctx} title={`${hasErrors ? 'Erreur — ' : ''}${target.label} — suivi`}>
      <p>
        <a href="/espace">← Mon espace</a>
      </p>
      <h1>{target.label}</h1>
      <p>
        {target.ballotName}
        {target.nuanceCode && <> · nuance {target.nuanceCode}</>} · état : <StatusText status={props.status} />
        {target.type === 'list' && (
          <>
            {' '}
            · <a href={`/listes/${encodeURIComponent(target.id)}`}>page publique de la liste</a>
          </>
        )}
      </p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}

      <section aria-labelledby="reservation">
        <h2 id="reservation">Réservation</h2>
        {reservation && reservation.userId === props.userId ? (
          <>
            <p>
              Vous suivez cette cible
              {reservation.expiresAt
                ? ` (réservation jusqu’au ${formatDate(reservation.expiresAt)})`
                : ' (contact enregistré)'}
              .
            </p>
            <form method="post" action="/espace/liberer" class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="type" value={target.type} />
              <input type="hidden" name="id" value={target.id} />
              <input type="hidden" name="retour" value={self} />
              <button type="submit">Libérer</button>
            </form>
          </>
        ) : reservation ? (
          <p>
            Réservée par {reservation.holder}
            {reservation.expiresAt ? ` jusqu’au ${formatDate(reservation.expiresAt)}` : ' (contact enregistré)'}.
          </p>
        ) : (
          <form method="post" action="/espace/reserver" class="inline-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="type" value={target.type} />
            <input type="hidden" name="id" value={target.id} />
            <input type="hidden" name="retour" value={self} />
            <button type="submit">Réserver</button>
          </form>
        )}
      </section>

      <section aria-labelledby="contacts">
        <h2 id="contacts">Contacts</h2>
        {props.contacts.length === 0 ? (
          <p>Aucun contact enregistré.</p>
        ) : (
          <ul class="timeline">
            {props.contacts.map((k) => (
              <li>
                <strong>{formatDate(k.contacted_on)}</strong> —{' '}
                {CHANNELS[k.channel as keyof typeof CHANNELS] ?? k.channel}
                {k.delivery_state === 'bounced' && <span class="badge late">refusé par le serveur</span>} — par{' '}
                {k.user_name || k.user_email || 'compte supprimé'}
                {k.organisation_name && <> ({k.organisation_name})</>}
                {k.notes && <p class="notes">{k.notes}</p>}
                {k.next_step && (
                  <p>
                    Prochaine étape : {k.next_step}
                    {k.next_step_due && <> — le {formatDate(k.next_step_due)}</>}
                    {k.next_step_done_at && <> (fait)</>}
                  </p>
                )}
                {k.user_id === props.userId && (
                  <p>
                    <a href={`/espace/contacts/${k.id}`}>Modifier ce contact</a>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 id="noter">Noter un contact</h3>
        <ErrorSummary title="Le contact n’a pas été enregistré" errors={props.contactForm.errors} />
        <form method="post" action={`${self}/contacts`} class="stack-form" novalidate>
          <CsrfField ctx={ctx} />
          <ContactFields values={props.contactForm.values} errors={props.contactForm.errors} />
          <button type="submit">Enregistrer le contact</button>
        </form>
      </section>

      <section aria-labelledby="reponses">
        <h2 id="reponses">Réponses</h2>
        {props.responses.length === 0 ? (
          <p>Aucune réponse enregistrée.</p>
        ) : (
          <ul class="timeline">
            {props.responses.map((r) => (
              <li>
                <strong>{formatDate(r.received_on)}</strong> —{' '}
                {CLASSIFICATIONS[r.classification as keyof typeof CLASSIFICATIONS] ?? r.classification}
                {r.level !== null && <> · niveau {r.level}</>} ·{' '}
                {MODERATION[r.moderation_state as keyof typeof MODERATION] ?? r.moderation_state}
                {r.consent !== 1 && <> · sans accord de publication</>}
                {r.verbatim && <blockquote>{r.verbatim}</blockquote>}
                {r.document_name && (
                  <p>
                    Document joint : <a href={`/reponses/${r.id}/document`}>{r.document_name}</a>
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
        <h3 id="repondre">Enregistrer une réponse</h3>
        <ErrorSummary title="La réponse n’a pas été enregistrée" errors={props.responseForm.errors} />
        <form
          method="post"
          action={withCsrf(ctx, `${self}/reponses`)}
          enctype="multipart/form-data"
          class="stack-form"
          novalidate
        >
          <CsrfField ctx={ctx} />
          <InputField
            name="receivedOn"
            label="Date de la réponse"
            type="date"
            value={props.responseForm.values.receivedOn}
            error={props.responseForm.errors.receivedOn}
          />
          <SelectField
            name="classification"
            label="Classification"
            value={props.responseForm.values.classification}
            options={CLASSIFICATIONS}
            empty="— choisir —"
            error={props.responseForm.errors.classification}
          />
          <SelectField
            name="level"
            label="Niveau d’engagement (fiche 2020)"
            value={props.responseForm.values.level}
            options={LEVELS}
            empty="— aucun —"
            error={props.responseForm.errors.level}
          />
          <TextAreaField
            name="verbatim"
            label="Texte de la réponse (tel quel)"
            rows={8}
            value={props.responseForm.values.verbatim}
            error={props.responseForm.errors.verbatim}
          />
          <div class="field">
            <label for="document">Document reçu (facultatif)</label>
            <p class="hint" id="document-aide">
              La lettre ou le courriel du candidat, en PDF, JPEG ou PNG, 10 Mo au plus.
            </p>
            <input
              id="document"
              name="document"
              type="file"
              accept="application/pdf,image/jpeg,image/png"
              aria-invalid={props.responseForm.errors.document ? 'true' : undefined}
              aria-describedby={`document-aide${props.responseForm.errors.document ? ' document-erreur' : ''}`}
            />
            {props.responseForm.errors.document && (
              <p id="document-erreur" class="field-error">
                {props.responseForm.errors.document}
              </p>
            )}
          </div>
          <div class="field checkbox">
            <input id="consent" type="checkbox" name="consent" value="1" checked={props.responseForm.values.consent} />
            <label for="consent">Le candidat accepte que sa réponse soit publiée (après modération)</label>
          </div>
          <button type="submit">Enregistrer la réponse</button>
        </form>
      </section>
    </Layout>
  );
}

export function EditContactPage(props: {
  ctx: PageContext;
  contactId: string;
  version: number;
  target: Target;
  values: ContactFormValues;
  errors: FormErrors;
}) {
  const { ctx } = props;
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <Layout ctx={ctx} title={`${hasErrors ? 'Erreur — ' : ''}Modifier un contact`}>
      <p>
        <a href={targetHref(props.target.type, props.target.id)}>← {props.target.label}</a>
      </p>
      <h1>Modifier un contact — {props.target.label}</h1>
      <ErrorSummary title="Le contact n’a pas été modifié" errors={props.errors} />
      <form method="post" action={`/espace/contacts/${props.contactId}`} class="stack-form" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(props.version)} />
        <ContactFields values={props.values} errors={props.errors} />
        <button type="submit">Enregistrer les modifications</button>
      </form>
      <form method="post" action={`/espace/contacts/${props.contactId}/fait`} class="stack-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(props.version)} />
        <button type="submit">Marquer la prochaine étape comme faite</button>
      </form>
    </Layout>
  );
}

export type { FollowUp };
