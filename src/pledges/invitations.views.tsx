import type { ListDetails } from '../candidates/candidates.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { formatDate } from '../web/i18n/index.ts';
import { Layout, type PageContext } from '../web/layout.tsx';
import type { InvitationItem } from './signatures.service.ts';

function statusOf(i: InvitationItem, now: number): string {
  if (i.revokedAt) return 'révoqué';
  if (i.usedAt) return 'utilisé (signature reçue)';
  if (Date.parse(i.expiresAt) <= now) return 'expiré';
  return 'actif';
}

function targetOf(i: InvitationItem): string {
  const who = i.candidateName ? `${i.candidateName} — ` : '';
  return `${who}${i.listName ?? 'liste inconnue'}${i.ballotName ? ` (${i.ballotName})` : ''}`;
}

/** /espace/invitations: the personal links a volunteer created (everyone's for coordinators). */
export function InvitationsPage({
  ctx,
  invitations,
  everyone,
  message,
}: {
  ctx: PageContext;
  invitations: InvitationItem[];
  everyone: boolean;
  message?: string;
}) {
  const now = Date.now();
  return (
    <Layout ctx={ctx} title="Liens d’invitation à signer">
      <h1>Liens d’invitation à signer</h1>
      <p class="lead">
        Un lien personnel permet à une liste ou à une candidate, un candidat déjà connu de signer le pacte avec un
        formulaire pré-rempli, sans confirmation par courriel : le lien sert de preuve d’identité. Envoyez-le uniquement
        à la personne concernée.
      </p>
      <p>
        Pour créer un lien, ouvrez la page d’une liste (depuis la page de sa commune) et suivez « Inviter cette liste à
        signer le pacte ».
      </p>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      <h2>{everyone ? 'Tous les liens' : 'Mes liens'}</h2>
      {invitations.length === 0 ? (
        <p>Aucun lien pour l’instant.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Pour</th>
                <th scope="col">Créé le</th>
                <th scope="col">Expire le</th>
                <th scope="col">État</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => {
                const status = statusOf(i, now);
                return (
                  <tr>
                    <td>{targetOf(i)}</td>
                    <td>{formatDate('fr', i.createdAt)}</td>
                    <td>{formatDate('fr', i.expiresAt)}</td>
                    <td>{status}</td>
                    <td>
                      {status === 'actif' && (
                        <form method="post" action={`/espace/invitations/${i.id}/revoquer`} class="inline-form">
                          <CsrfField ctx={ctx} />
                          <button type="submit">
                            Révoquer <span class="visually-hidden">le lien pour {targetOf(i)}</span>
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** Choosing what the link is for: the whole list, or one of its candidates. */
export function NewInvitationPage({ ctx, list }: { ctx: PageContext; list: ListDetails }) {
  return (
    <Layout ctx={ctx} title={`Inviter à signer — ${list.name}`}>
      <h1>Inviter à signer le pacte</h1>
      <p class="lead">
        <a href={`/listes/${list.id}`}>{list.name}</a> — {list.ballot_name}
      </p>
      <form method="post" action="/espace/invitations" class="stack-form">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="liste" value={list.id} />
        <button type="submit">Créer un lien pour la liste (signature au nom de la liste)</button>
      </form>
      <h2>Ou pour une candidature de la liste</h2>
      <ol class="members">
        {list.members.map((m) => (
          <li value={m.position ?? undefined}>
            <form method="post" action="/espace/invitations" class="inline-form">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="candidature" value={m.id} />
              {m.first_name} {m.last_name}{' '}
              <button type="submit" class="link-button">
                Créer un lien <span class="visually-hidden">pour {`${m.first_name} ${m.last_name}`}</span>
              </button>
            </form>
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/** The link, shown once (only its hash is stored). */
export function InvitationCreatedPage({
  ctx,
  url,
  target,
  expiresAt,
}: {
  ctx: PageContext;
  url: string;
  target: string;
  expiresAt: string;
}) {
  return (
    <Layout ctx={ctx} title="Lien d’invitation créé">
      <h1>Lien d’invitation créé</h1>
      <p>
        Pour : <strong>{target}</strong>. Valable jusqu’au {formatDate('fr', expiresAt)}, pour une seule signature.
      </p>
      <div class="field">
        <label for="lien">Copiez ce lien maintenant : il ne sera plus affiché.</label>
        <input id="lien" type="text" readonly value={url} data-invitation-url />
      </div>
      <p>
        <a href="/espace/invitations">Mes liens d’invitation</a>
      </p>
    </Layout>
  );
}
