import type { ImportRow } from '../candidates/import/imports.queries.ts';
import { toBool } from '../db/portability.ts';
import type { ElectionWithRounds } from '../elections/elections.service.ts';
import { withCsrf } from '../web/csrf-field.tsx';
import { formatNumber } from '../web/i18n/index.ts';
import { Breadcrumbs, Layout, type PageContext } from '../web/layout.tsx';

const STATUS_LABELS: Record<string, string> = {
  running: 'en cours',
  done: 'terminé',
  'dry-run': 'essai à blanc terminé',
  failed: 'échec',
};

export function statusLabel(row: Pick<ImportRow, 'status'>, interrupted = false): string {
  if (interrupted) return 'interrompu';
  return STATUS_LABELS[row.status] ?? row.status;
}

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

export function AdminHomePage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Administration">
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Administration' }]} />
      <h1>Administration</h1>
      <ul class="cards">
        <li class="card">
          <h2>
            <a href="/admin/imports">Imports de fichiers officiels</a>
          </h2>
          <p>
            Envoyer un fichier de candidatures du ministère de l’Intérieur, suivre son import et consulter les imports
            passés et leurs lignes rejetées.
          </p>
        </li>
        <li class="card">
          <h2>
            <a href="/admin/pactes">Textes du pacte</a>
          </h2>
          <p>Écrire une nouvelle version du pacte (par exemple pour des législatives), la relire, la publier.</p>
        </li>
        <li class="card">
          <h2>
            <a href="/admin/espace">Réglages de l’espace bénévole</a>
          </h2>
          <p>Durée des réservations de candidats par les bénévoles.</p>
        </li>
        <li class="card">
          <h2>
            <a href="/espace/relais">Organisations relais</a>
          </h2>
          <p>Créer les organisations, leurs membres et leur zone.</p>
        </li>
        <li class="card">
          <h2>
            <a href="/moderation">Modération des données</a>
          </h2>
          <p>Verrouiller les listes vérifiées, corriger un site web ou un nom court, fusionner les doublons.</p>
        </li>
      </ul>
    </Layout>
  );
}

export interface UploadForm {
  electionId: string;
  dryRun: boolean;
  error?: string;
}

function Counts({ row, lang }: { row: ImportRow; lang: PageContext['lang'] }) {
  const n = (v: number) => formatNumber(lang, Number(v));
  return (
    <dl class="facts">
      <div>
        <dt>Lignes lues</dt>
        <dd>{n(row.read_rows)}</dd>
      </div>
      <div>
        <dt>Créées</dt>
        <dd>{n(row.created_rows)}</dd>
      </div>
      <div>
        <dt>Modifiées</dt>
        <dd>{n(row.updated_rows)}</dd>
      </div>
      <div>
        <dt>Inchangées</dt>
        <dd>{n(row.unchanged_rows)}</dd>
      </div>
      <div>
        <dt>Supprimées</dt>
        <dd>{n(row.deleted_rows)}</dd>
      </div>
      <div>
        <dt>Rejetées</dt>
        <dd>{n(row.rejected_rows)}</dd>
      </div>
    </dl>
  );
}

export function ImportsPage({
  ctx,
  elections,
  imports,
  form,
  maxSize,
}: {
  ctx: PageContext;
  elections: ElectionWithRounds[];
  imports: ImportRow[];
  form: UploadForm;
  maxSize: string;
}) {
  const title = 'Imports de fichiers officiels';
  return (
    <Layout ctx={ctx} title={form.error ? `Erreur — ${title}` : title}>
      <Breadcrumbs ctx={ctx} crumbs={[{ label: 'Administration', href: '/admin' }, { label: 'Imports' }]} />
      <h1>{title}</h1>
      <section aria-labelledby="envoi-titre">
        <h2 id="envoi-titre">Importer un fichier</h2>
        <p>
          Fichiers de candidatures du ministère de l’Intérieur (municipales 2026 et 2020, législatives 2024 et 2022,
          européennes 2024), au format CSV ou texte tel que publié. Le format est reconnu à l’en-tête du fichier. Taille
          maximale : {maxSize}.
        </p>
        {form.error && (
          <div class="error-summary" role="alert" id="erreurs">
            <h3>Le fichier n’a pas été importé</h3>
            <p>
              <a href="#fichier">{form.error}</a>
            </p>
          </div>
        )}
        <form method="post" action={withCsrf(ctx, '/admin/imports')} enctype="multipart/form-data" class="stack-form">
          <div class="field">
            <label for="fichier">Fichier officiel</label>
            <input
              id="fichier"
              name="fichier"
              type="file"
              required
              accept=".csv,.txt,text/csv,text/plain"
              aria-invalid={form.error ? 'true' : undefined}
              aria-describedby={form.error ? 'fichier-erreur' : undefined}
            />
            {form.error && (
              <p id="fichier-erreur" class="field-error">
                {form.error}
              </p>
            )}
          </div>
          <div class="field">
            <label for="election">Élection</label>
            <select id="election" name="election" aria-describedby="election-aide">
              <option value="" selected={form.electionId === ''}>
                Déduite du fichier
              </option>
              {elections.map((e) => (
                <option value={e.id} selected={form.electionId === e.id}>
                  {e.name}
                </option>
              ))}
            </select>
            <p id="election-aide" class="hint">
              À préciser seulement si le format du fichier ne suffit pas à la reconnaître.
            </p>
          </div>
          <div class="field checkbox">
            <input id="essai" name="essai" type="checkbox" value="1" checked={form.dryRun} />
            <label for="essai">Essai à blanc : tout vérifier et compter, sans rien enregistrer</label>
          </div>
          <button type="submit">Importer</button>
        </form>
      </section>
      <section aria-labelledby="historique-titre">
        <h2 id="historique-titre">Imports passés</h2>
        {imports.length === 0 ? (
          <p>Aucun import pour le moment.</p>
        ) : (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">Imports passés, du plus récent au plus ancien</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Fichier</th>
                  <th scope="col">Élection</th>
                  <th scope="col">État</th>
                  <th scope="col">Lues</th>
                  <th scope="col">Créées</th>
                  <th scope="col">Modifiées</th>
                  <th scope="col">Rejetées</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((row) => (
                  <tr>
                    <td>
                      <a href={`/admin/imports/${encodeURIComponent(row.id)}`}>{formatDateTime(row.started_at)}</a>
                    </td>
                    <td>{row.file_name}</td>
                    <td>{row.election_id ?? '—'}</td>
                    <td>{statusLabel(row)}</td>
                    <td>{formatNumber(ctx.lang, Number(row.read_rows))}</td>
                    <td>{formatNumber(ctx.lang, Number(row.created_rows))}</td>
                    <td>{formatNumber(ctx.lang, Number(row.updated_rows))}</td>
                    <td>{formatNumber(ctx.lang, Number(row.rejected_rows))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

export function ImportPage({
  ctx,
  row,
  progressRows,
  interrupted,
  follow,
}: {
  ctx: PageContext;
  row: ImportRow;
  /** Rows read so far, while running. */
  progressRows: number;
  /** Running according to the database, but no process has reported for a long time. */
  interrupted: boolean;
  /** Reload every 2 seconds while running. */
  follow: boolean;
}) {
  const running = row.status === 'running' && !interrupted;
  const path = `/admin/imports/${encodeURIComponent(row.id)}`;
  const title = `Import du ${formatDateTime(row.started_at)}`;
  return (
    <Layout ctx={ctx} title={title} refreshSeconds={running && follow ? 2 : undefined}>
      <Breadcrumbs
        ctx={ctx}
        crumbs={[
          { label: 'Administration', href: '/admin' },
          { label: 'Imports', href: '/admin/imports' },
          { label: title },
        ]}
      />
      <h1>{title}</h1>
      <dl class="facts">
        <div>
          <dt>Fichier</dt>
          <dd>{row.file_name}</dd>
        </div>
        <div>
          <dt>Format</dt>
          <dd>{row.format}</dd>
        </div>
        <div>
          <dt>Élection</dt>
          <dd>{row.election_id ?? '—'}</dd>
        </div>
        <div>
          <dt>Mode</dt>
          <dd>{toBool(row.dry_run) ? 'essai à blanc (rien n’est enregistré)' : 'import réel'}</dd>
        </div>
        <div>
          <dt>État</dt>
          <dd>
            <strong>{statusLabel(row, interrupted)}</strong>
          </dd>
        </div>
        {row.finished_at && (
          <div>
            <dt>Terminé le</dt>
            <dd>{formatDateTime(row.finished_at)}</dd>
          </div>
        )}
      </dl>
      {running && (
        <section aria-labelledby="progression-titre">
          <h2 id="progression-titre">Progression</h2>
          <p role="status">
            {formatNumber(ctx.lang, progressRows)} lignes lues pour le moment. Les données ne sont enregistrées qu’à la
            fin, en une seule fois.
          </p>
          <p>
            {follow ? (
              <>
                Cette page se recharge toutes les 2 secondes. <a href={path}>Arrêter l’actualisation automatique</a>
              </>
            ) : (
              <>
                <a href={path}>Actualiser</a> · <a href={`${path}?suivi=auto`}>Actualiser automatiquement</a>
              </>
            )}
          </p>
        </section>
      )}
      {interrupted && (
        <p class="notice">
          Cet import n’a plus donné de nouvelles : le serveur s’est probablement arrêté pendant l’import. Rien n’a été
          enregistré ; relancez-le.
        </p>
      )}
      {row.status === 'failed' && (
        <div class="error-summary" role="alert">
          <h2>L’import a échoué ; rien n’a été enregistré</h2>
          <p>{row.error ?? 'erreur inconnue'}</p>
        </div>
      )}
      {(row.status === 'done' || row.status === 'dry-run') && (
        <section aria-labelledby="resultat-titre">
          <h2 id="resultat-titre">Résultat</h2>
          {row.status === 'dry-run' && <p class="notice">Essai à blanc : ces chiffres n’ont pas été enregistrés.</p>}
          <Counts row={row} lang={ctx.lang} />
          {row.message && <p class="notice">Encodage : {row.message}</p>}
          {Number(row.rejected_rows) > 0 && row.report_path && (
            <p>
              <a href={`${path}/rejets.csv`} download>
                Télécharger les lignes rejetées (CSV, avec numéro de ligne et motif)
              </a>
            </p>
          )}
        </section>
      )}
      <p>
        <a href="/admin/imports">Retour aux imports</a>
      </p>
    </Layout>
  );
}
