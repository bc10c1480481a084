import type { HistoryEntry } from '../privacy/audit-history.service.ts';
import { CsrfField } from '../web/csrf-field.tsx';
import { Breadcrumbs, type Crumb, Layout, type PageContext } from '../web/layout.tsx';

const ACTION_LABELS: Record<string, string> = {
  create: 'Création (import)',
  update: 'Mise à jour (import)',
  delete: 'Suppression (import)',
  moderate: 'Correction par un modérateur',
  lock: 'Verrouillage',
  unlock: 'Déverrouillage',
  merge: 'Fusion de doublons',
  unmerge: 'Fusion annulée par un modérateur',
  // Signatures (pledges/signature-history.service.ts)
  received: 'Signature reçue',
  confirmed: 'Adresse de courriel confirmée',
  published: 'Vérifiée et publiée',
  rejected: 'Refusée',
  withdrawn: 'Retirée',
  to_verify: 'Remise à vérifier',
  noted: 'Événement',
  'decision-reverted': 'Décision annulée par un modérateur',
  'privacy.correct': 'Corrigée par le signataire (/mes-donnees)',
  'privacy.delete': 'Supprimée par le signataire (/mes-donnees)',
  'privacy.anonymise': 'Anonymisée par le signataire (/mes-donnees)',
};

/** The audited fields, as moderators call them (unknown ones are shown as stored). */
const FIELD_LABELS: Record<string, string> = {
  short_name: 'Nom court',
  name: 'Nom',
  website: 'Site web',
  locked: 'Verrouillée',
  merged_into: 'Fusionnée dans',
  candidacies: 'Candidatures',
  birth_date: 'Date de naissance',
  sex: 'Sexe',
  first_name: 'Prénom',
  last_name: 'Nom',
  list_name: 'Nom de la liste',
  list_position: 'Position sur la liste',
  parties: 'Parti(s)',
  fields: 'Champs',
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function when(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
}

/**
 * The history of one thing (a list, a person, a signature): each change with who, when, the fields
 * before and after, and a button to undo the ones a moderator may undo (posted to `revertAction`).
 */
export function HistoryPage({
  ctx,
  intro,
  title,
  publicHref,
  parents = [],
  backHref,
  entries,
  revertAction,
  empty = 'Aucun changement depuis la création par le premier import du fichier officiel.',
  error,
  reverted,
}: {
  ctx: PageContext;
  /** What the history holds, one sentence. */
  intro: string;
  title: string;
  publicHref?: string;
  /** Crumbs between « Modération » and this thing. */
  parents?: Crumb[];
  backHref?: string;
  entries: HistoryEntry[];
  revertAction: (entry: HistoryEntry) => string;
  empty?: string;
  error?: string;
  reverted?: boolean;
}) {
  const crumbs: Crumb[] = [{ label: 'Modération', href: '/moderation' }, ...parents];
  if (backHref) crumbs.push({ label: title, href: backHref });
  crumbs.push({ label: 'Historique' });
  return (
    <Layout ctx={ctx} title={`Historique — ${title}`}>
      <Breadcrumbs ctx={ctx} crumbs={crumbs} />
      <h1>Historique : {title}</h1>
      <p>
        {intro} {publicHref && <a href={publicHref}>Page publique</a>}
      </p>
      {error && (
        <p class="error-summary" role="alert">
          {error}
        </p>
      )}
      {reverted && (
        <p class="notice" role="status">
          Modification annulée : les valeurs précédentes sont rétablies (l’annulation figure ci-dessous).
        </p>
      )}
      {entries.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ol class="history">
          {entries.map((entry) => (
            <li>
              <h2 class="history-title">
                {ACTION_LABELS[entry.action] ?? entry.action} — <time datetime={entry.at}>{when(entry.at)}</time>
              </h2>
              <p class="muted">
                Par {entry.actorLabel}
                {entry.importId && <> · import {entry.importId}</>}
              </p>
              {entry.note && <p>Motif : {entry.note}</p>}
              {entry.changes.length > 0 && (
                <table>
                  <caption class="visually-hidden">Champs modifiés</caption>
                  <thead>
                    <tr>
                      <th scope="col">Champ</th>
                      <th scope="col">Avant</th>
                      <th scope="col">Après</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entry.changes.map((change) => (
                      <tr>
                        <th scope="row">{FIELD_LABELS[change.field] ?? change.field}</th>
                        <td>
                          <del>{show(change.before)}</del>
                        </td>
                        <td>
                          <ins>{show(change.after)}</ins>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {entry.revertible && (
                <form method="post" action={revertAction(entry)}>
                  <CsrfField ctx={ctx} />
                  <button type="submit">Annuler cette modification</button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
