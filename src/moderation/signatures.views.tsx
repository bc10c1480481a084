import { formatBytes } from '../admin/upload.ts';
import { confidenceLabel, type ProposedMatch } from '../pledges/signature-match.ts';
import type { ModerationDetails, QueueItem } from '../pledges/signature-moderation.service.ts';
import {
  CHANNEL_LABELS,
  CORRECTABLE,
  type CorrectableField,
  type SignatureCorrection,
  type SignatureState,
  STATE_LABELS,
} from '../pledges/signatures.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { ErrorSummary, InputField } from '../web/form.views.tsx';
import { formatDate } from '../web/i18n/index.ts';
import { Breadcrumbs, type Crumb, Layout, type PageContext } from '../web/layout.tsx';

const HOME: Crumb = { label: 'Modération', href: '/moderation' };
const QUEUE: Crumb = { label: 'Signatures', href: '/moderation/signatures' };

function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' });
}

function MatchBadge({ match }: { match: ProposedMatch | undefined }) {
  if (!match) return <span class="muted">aucune liste officielle dans la commune</span>;
  return (
    <>
      <span class="badge">{confidenceLabel(match.score)}</span> {match.list.name}
      {match.candidacy && (
        <span class="muted">
          {' '}
          ({match.candidacy.first_name} {match.candidacy.last_name}, position {match.candidacy.position})
        </span>
      )}
    </>
  );
}

export function SignatureQueuePage({
  ctx,
  state,
  items,
  counts,
  page,
}: {
  ctx: PageContext;
  state: SignatureState;
  items: QueueItem[];
  counts: Record<SignatureState, number>;
  page: number;
}) {
  const states: SignatureState[] = ['to_verify', 'published', 'rejected', 'withdrawn', 'pending_confirmation'];
  const pages = Math.max(1, Math.ceil(counts[state] / 50));
  return (
    <Layout ctx={ctx} title={`Signatures ${STATE_LABELS[state]}`}>
      <Breadcrumbs ctx={ctx} crumbs={[HOME, { label: 'Signatures' }]} />
      <h1>Signatures du pacte</h1>
      <nav aria-label="États des signatures">
        <ul class="nav-links">
          {states.map((s) => (
            <li>
              {s === state ? (
                <span aria-current="page">
                  <strong>
                    {STATE_LABELS[s]} ({counts[s]})
                  </strong>
                </span>
              ) : (
                <a href={`/moderation/signatures?etat=${s}`}>
                  {STATE_LABELS[s]} ({counts[s]})
                </a>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 ? (
        <p>Aucune signature {STATE_LABELS[state]}.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>
              Signatures {STATE_LABELS[state]}, les plus anciennes d’abord (page {page} sur {pages})
            </caption>
            <thead>
              <tr>
                <th scope="col">Signataire</th>
                <th scope="col">Liste saisie</th>
                <th scope="col">Commune</th>
                <th scope="col">Canal</th>
                <th scope="col">Reçue le</th>
                <th scope="col">Document</th>
                <th scope="col">Correspondance proposée</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ signature: s, best, linked }) => (
                <tr>
                  <td>
                    <a href={`/moderation/signatures/${encodeURIComponent(s.id)}`}>
                      {s.fields.firstName} {s.fields.lastName}
                    </a>
                    <br />
                    <span class="muted">{s.variant === 'list' ? 'pour sa liste' : 'à titre individuel'}</span>
                  </td>
                  <td>
                    {s.fields.listName || '—'}
                    {s.fields.listPosition && <span class="muted"> (position {s.fields.listPosition})</span>}
                  </td>
                  <td>{s.officialCommuneName ?? (s.fields.communeName || '—')}</td>
                  <td>{CHANNEL_LABELS[s.channel]}</td>
                  <td>{dateTime(s.createdAt)}</td>
                  <td>{s.document ? 'oui' : 'non'}</td>
                  <td>
                    {s.listId ? (
                      <>
                        rattachée à <em>{s.officialListName}</em>
                        {linked && (
                          <>
                            {' '}
                            <span class="badge">{confidenceLabel(linked.score)}</span>
                            {linked.candidacy ? '' : <span class="muted"> (signataire absent de la liste)</span>}
                          </>
                        )}
                      </>
                    ) : (
                      <MatchBadge match={best} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" class="pagination">
          <ul class="nav-links">
            {page > 1 && (
              <li>
                <a href={`/moderation/signatures?etat=${state}&page=${page - 1}`}>Page précédente</a>
              </li>
            )}
            {page < pages && (
              <li>
                <a href={`/moderation/signatures?etat=${state}&page=${page + 1}`}>Page suivante</a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </Layout>
  );
}

export interface DecisionForm {
  /** Which form the values and errors belong to. */
  action?: 'publier' | 'refuser' | 'retirer' | 'fusionner';
  reason?: string;
  note?: string;
  link?: string;
  error?: string;
}

export const DONE_MESSAGES: Record<string, string> = {
  publiee: 'Signature vérifiée et publiée.',
  refusee: 'Signature refusée ; la raison a été envoyée par courriel au signataire.',
  'refusee-sans-courriel': 'Signature refusée. Aucun courriel envoyé : le signataire n’a pas donné d’adresse.',
  'refusee-echec': 'Signature refusée, mais le courriel au signataire n’a pas pu partir : prévenez-le autrement.',
  retiree: 'Signature retirée.',
  fusionnee: 'Doublon fusionné : cette signature pointe désormais vers celle qui est gardée.',
  corrigee: 'Saisie corrigée ; la correction figure dans l’historique, d’où elle peut être annulée.',
};

/** A moderator's correction of what was typed: the values sent back with the errors per field. */
export interface CorrectionForm {
  values: SignatureCorrection;
  errors: Partial<Record<CorrectableField | 'form', string>>;
}

function CorrectionSection({
  ctx,
  base,
  current,
  form,
}: {
  ctx: PageContext;
  base: string;
  current: Record<CorrectableField, string>;
  form?: CorrectionForm;
}) {
  const fields = Object.keys(CORRECTABLE) as CorrectableField[];
  return (
    <section aria-labelledby="correction-titre">
      <h2 id="correction-titre">Corriger la saisie</h2>
      <p class="hint">
        Une faute de frappe, une position erronée… La correction est enregistrée dans l’historique avec les valeurs
        avant et après, et peut y être annulée.
      </p>
      {form && <ErrorSummary title="La correction n’a pas été enregistrée" errors={form.errors} order={fields} />}
      <form method="post" action={`${base}/corriger`} class="stack-form">
        <CsrfField ctx={ctx} />
        {fields.map((field) => (
          <InputField
            name={field}
            label={CORRECTABLE[field].label}
            labelSuffix={CORRECTABLE[field].required ? ' (obligatoire)' : undefined}
            value={form?.values[field] ?? current[field]}
            error={form?.errors[field]}
            required={CORRECTABLE[field].required}
            maxlength={CORRECTABLE[field].max}
          />
        ))}
        <button type="submit">Enregistrer la correction</button>
      </form>
    </section>
  );
}

function Fact({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value?.trim() ? value : '—'}</dd>
    </div>
  );
}

function linkValue(p: ProposedMatch, variant: string): string {
  return variant === 'individual' && p.candidacy ? `candidature:${p.candidacy.id}` : `liste:${p.list.id}`;
}

function ReasonField({
  id,
  label,
  hint,
  form,
  name,
}: {
  id: string;
  label: string;
  hint: string;
  form: DecisionForm;
  name: string;
}) {
  const error = form.action === name ? form.error : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        name="raison"
        rows={3}
        maxlength={2000}
        required
        aria-describedby={`${id}-aide${error ? ` ${id}-erreur` : ''}`}
        aria-invalid={error ? 'true' : undefined}
      >
        {form.action === name ? (form.reason ?? '') : ''}
      </textarea>
      <p id={`${id}-aide`} class="hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-erreur`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function SignatureModerationPage({
  ctx,
  details,
  form = {},
  correction,
  done,
}: {
  ctx: PageContext;
  details: ModerationDetails;
  form?: DecisionForm;
  correction?: CorrectionForm;
  done?: string;
}) {
  const { signature: s, events, proposals, duplicates, official, accounts } = details;
  const who = (id: string) => accounts.get(id) ?? id;
  const f = s.fields;
  const base = `/moderation/signatures/${encodeURIComponent(s.id)}`;
  const name = `${f.firstName} ${f.lastName}`;
  const currentLink = s.candidacyId ? `candidature:${s.candidacyId}` : s.listId ? `liste:${s.listId}` : 'aucun';
  const chosen =
    form.link ??
    (s.listId ? 'actuel' : proposals[0] && proposals[0].score >= 40 ? linkValue(proposals[0], s.variant) : 'aucun');
  const canPublish = s.state === 'to_verify';
  const canReject = s.state === 'to_verify' || s.state === 'published' || s.state === 'pending_confirmation';
  const canWithdraw = canReject;
  return (
    <Layout ctx={ctx} title={`${form.error ? 'Erreur — ' : ''}Signature de ${name}`}>
      <Breadcrumbs ctx={ctx} crumbs={[HOME, QUEUE, { label: name }]} />
      <h1>
        Signature de {name} <span class="badge">{STATE_LABELS[s.state]}</span>
      </h1>
      {done && DONE_MESSAGES[done] && (
        <p class="notice" role="status">
          {DONE_MESSAGES[done]}
        </p>
      )}
      {form.error && (
        <div class="error-summary" role="alert">
          <h2>L’action n’a pas été faite</h2>
          <p>{form.error}</p>
        </div>
      )}
      {s.mergedInto && (
        <p class="notice">
          Doublon de <a href={`/moderation/signatures/${encodeURIComponent(s.mergedInto)}`}>cette signature</a>.
        </p>
      )}
      {s.state === 'published' && (
        <p>
          <a href={`/signataires/${encodeURIComponent(s.id)}`}>Page publique de la signature</a>
        </p>
      )}
      <section aria-labelledby="saisie-titre">
        <h2 id="saisie-titre">Ce qui a été saisi</h2>
        <dl class="facts">
          <Fact
            label="Signature"
            value={s.variant === 'list' ? 'pour la liste (« ma liste s’engage »)' : 'à titre individuel'}
          />
          <Fact label="Nom de la liste" value={f.listName} />
          <Fact label="Position sur la liste" value={f.listPosition} />
          <Fact label="Parti(s)" value={f.parties} />
          <Fact label="Site web" value={f.website} />
          <Fact label="Commune" value={`${f.communeName} ${f.postcode}`} />
          <Fact label="Nom" value={f.lastName} />
          <Fact label="Prénom" value={f.firstName} />
          <Fact label="Téléphone (privé)" value={f.phone} />
          <Fact label="Courriel (privé)" value={f.email} />
          <Fact label="Fait à, le" value={[f.place, f.signedOn].filter(Boolean).join(', ')} />
          <Fact label="Canal" value={CHANNEL_LABELS[s.channel]} />
          <Fact label="Reçue le" value={dateTime(s.createdAt)} />
          {s.enteredBy && <Fact label="Saisie par" value={who(s.enteredBy)} />}
          <Fact label="Publier la réponse" value={s.consentPublish ? 'oui' : 'non'} />
          <Fact label="Recontacter après l’élection" value={s.consentContact ? 'oui' : 'non'} />
        </dl>
        {s.comment && (
          <>
            <h3>Réponse ou commentaire</h3>
            <blockquote class="answer">{s.comment}</blockquote>
          </>
        )}
      </section>
      <section aria-labelledby="document-titre">
        <h2 id="document-titre">Document signé</h2>
        {s.document ? (
          <>
            <p>
              <a href={`${base}/document`}>
                Ouvrir le document ({s.document.contentType === 'application/pdf' ? 'PDF' : 'image'},{' '}
                {formatBytes(s.document.size)})
              </a>{' '}
              · <a href={`${base}/document?telecharger=1`}>le télécharger</a>
            </p>
            {s.document.contentType !== 'application/pdf' && (
              <p>
                <img src={`${base}/document`} alt={`Document signé par ${name}`} class="scan" />
              </p>
            )}
          </>
        ) : (
          <p class="muted">Aucun document déposé.</p>
        )}
      </section>
      <section aria-labelledby="correspondance-titre">
        <h2 id="correspondance-titre">Correspondance avec les données officielles</h2>
        <p>
          Rattachement actuel :{' '}
          {official ? (
            <>
              <a href={`/listes/${encodeURIComponent(official.listId ?? '')}`}>{official.listName}</a>
              {official.candidacyId && (
                <>
                  {' '}
                  — {official.firstName} {official.lastName}, position {official.position}
                </>
              )}
            </>
          ) : (
            'aucune liste officielle'
          )}
        </p>
        {proposals.length === 0 ? (
          <p class="muted">Aucune liste officielle pour cette élection dans la commune saisie.</p>
        ) : (
          <div class="table-scroll">
            <table>
              <caption>Listes du scrutin de la commune, la plus probable d’abord</caption>
              <thead>
                <tr>
                  <th scope="col">Liste</th>
                  <th scope="col">Nuance</th>
                  <th scope="col">Confiance</th>
                  <th scope="col">Indices</th>
                </tr>
              </thead>
              <tbody>
                {proposals.map((p) => (
                  <tr>
                    <td>
                      <a href={`/listes/${encodeURIComponent(p.list.id)}`}>{p.list.name}</a>
                    </td>
                    <td>{p.list.nuance_code ?? '—'}</td>
                    <td>
                      {confidenceLabel(p.score)} ({p.score} %)
                    </td>
                    <td>
                      <ul>
                        {p.reasons.map((r) => (
                          <li>{r}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="decision-titre">
        <h2 id="decision-titre">Décision</h2>
        {canPublish && (
          <form method="post" action={`${base}/publier`} class="stack-form">
            <CsrfField ctx={ctx} />
            <fieldset>
              <legend>Rattacher à</legend>
              {s.listId && (
                <div>
                  <input
                    type="radio"
                    id="lien-actuel"
                    name="rattachement"
                    value="actuel"
                    checked={chosen === 'actuel'}
                  />
                  <label for="lien-actuel">Garder le rattachement actuel ({official?.listName ?? currentLink})</label>
                </div>
              )}
              {proposals.slice(0, 5).map((p, i) => {
                const value = linkValue(p, s.variant);
                return (
                  <div>
                    <input type="radio" id={`lien-${i}`} name="rattachement" value={value} checked={chosen === value} />
                    <label for={`lien-${i}`}>
                      {p.list.name}
                      {value.startsWith('candidature:') &&
                        p.candidacy &&
                        ` — ${p.candidacy.first_name} ${p.candidacy.last_name}`}{' '}
                      ({confidenceLabel(p.score)})
                    </label>
                  </div>
                );
              })}
              <div>
                <input type="radio" id="lien-aucun" name="rattachement" value="aucun" checked={chosen === 'aucun'} />
                <label for="lien-aucun">Aucune liste officielle (liste absente du fichier)</label>
              </div>
            </fieldset>
            <div class="field">
              <label for="note">Note pour l’historique (facultatif)</label>
              <input id="note" name="note" maxlength={500} value={form.action === 'publier' ? (form.note ?? '') : ''} />
            </div>
            <button type="submit">Vérifier et publier</button>
          </form>
        )}
        {canReject && (
          <form method="post" action={`${base}/refuser`} class="stack-form">
            <CsrfField ctx={ctx} />
            <ReasonField
              id="raison-refus"
              name="refuser"
              label="Raison du refus"
              hint="Envoyée par courriel au signataire, telle quelle."
              form={form}
            />
            <button type="submit">Refuser</button>
          </form>
        )}
        {canWithdraw && (
          <form method="post" action={`${base}/retirer`} class="stack-form">
            <CsrfField ctx={ctx} />
            <ReasonField
              id="raison-retrait"
              name="retirer"
              label="Retrait demandé par le signataire : comment et quand"
              hint="Par exemple : courriel du 3 mars reçu de l’adresse de la signature."
              form={form}
            />
            <button type="submit">Retirer la signature</button>
          </form>
        )}
      </section>
      {duplicates.length > 0 && (
        <section aria-labelledby="doublons-titre">
          <h2 id="doublons-titre">Doublons possibles</h2>
          <p>Autres signatures de la même liste (ou candidature). Gardez-en une ; l’autre est marquée comme doublon.</p>
          <ul class="cards">
            {duplicates.map((d) => (
              <li class="card">
                <p>
                  <a href={`/moderation/signatures/${encodeURIComponent(d.id)}`}>
                    {d.fields.firstName} {d.fields.lastName}
                  </a>{' '}
                  — {STATE_LABELS[d.state]}, {CHANNEL_LABELS[d.channel]}, reçue le {dateTime(d.createdAt)}
                  {d.document && ', avec document'}
                </p>
                <form method="post" action={`${base}/fusionner`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="garder" value={d.id} />
                  <button type="submit">Garder celle-ci, marquer la signature affichée comme doublon</button>
                </form>{' '}
                <form
                  method="post"
                  action={`/moderation/signatures/${encodeURIComponent(d.id)}/fusionner`}
                  class="inline-form"
                >
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="garder" value={s.id} />
                  <button type="submit">Garder la signature affichée, marquer celle-ci comme doublon</button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}
      <CorrectionSection
        ctx={ctx}
        base={base}
        form={correction}
        current={{
          last_name: f.lastName,
          first_name: f.firstName,
          list_name: f.listName,
          list_position: f.listPosition,
          parties: f.parties,
          website: f.website,
        }}
      />
      <section aria-labelledby="historique-titre">
        <h2 id="historique-titre">Historique</h2>
        <p>
          <a href={`${base}/historique`}>Historique détaillé</a> : corrections avec les valeurs avant et après,
          annulation d’une décision ou d’une correction erronée.
        </p>
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Historique de la signature</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Changement</th>
                <th scope="col">Par</th>
                <th scope="col">Motif</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr>
                  <td>{dateTime(e.at)}</td>
                  <td>
                    {e.from ? `${STATE_LABELS[e.from]} → ` : ''}
                    {STATE_LABELS[e.to]}
                  </td>
                  <td>{e.actor ? who(e.actor) : 'le signataire ou le système'}</td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <p>
        <a href="/moderation/signatures">Retour à la file des signatures</a>
        {s.publishedAt && <> · publiée le {formatDate(ctx.lang, s.publishedAt)}</>}
      </p>
    </Layout>
  );
}
