import { existsSync, mkdirSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Config, loadConfig } from '../config.ts';
import { type Connection, connect } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { prepareDatabase, seedReferenceData } from '../db/prepare.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { loadTerritories } from '../territories/territories.load.ts';
import { UserError } from './errors.ts';
import { progressBar } from './progress.ts';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<void>;
}

async function withConnection<T>(fn: (connection: Connection, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const connection = connect(config.databaseUrl);
  try {
    return await fn(connection, config);
  } finally {
    await connection.close();
  }
}

async function prepareWithProgress(connection: Connection) {
  const bar = progressBar('Chargement des territoires');
  const report = await prepareDatabase(connection, { onStep: (step, i, n) => bar.update(i + 1, n, step) });
  bar.stop();
  return report;
}

function printReady(config: Config, port: number, started: number, territoriesLoaded: boolean, detail: string) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const loaded = territoriesLoaded ? ', territoires chargés' : '';
  const dialect = config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  console.log(`Pacte prêt en ${seconds} s${loaded} : http://localhost:${port} (base ${dialect}${detail})`);
}

/** One process serving HTTP: `pacte serve` itself, or one of its workers (WEB_CONCURRENCY > 1). */
async function serveHttp(config: Config, { prepare }: { prepare: boolean }) {
  // The web stack is loaded only by this command, so the other commands start quickly.
  const [{ serve }, { createApp }, { createMailer }, { createLogger, logRequest }, { JobQueue }, { stopOnSignals }] =
    await Promise.all([
      import('@hono/node-server'),
      import('../web/app.tsx'),
      import('../mail/mailer.ts'),
      import('../web/request-log.ts'),
      import('../jobs/queue.ts'),
      import('../web/workers.ts'),
    ]);
  const connection = connect(config.databaseUrl);
  const started = performance.now();
  const report = prepare ? await prepareWithProgress(connection) : undefined;
  config.sessionSecret ??= await ensureSessionSecret(connection.db);
  const logger = createLogger(config.logLevel);
  const logError = (error: unknown) => logger.error({ err: error }, 'erreur inattendue');
  const mailer = createMailer(config, { logError });
  // Every instance runs a worker of the job queue shared through the database (src/jobs/).
  const jobQueue = new JobQueue(connection, { logError });
  const app = createApp({
    connection,
    config,
    mailer,
    logError,
    onRequest: (entry) => logRequest(logger, entry),
    jobQueue,
  });
  jobQueue.start();
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    if (!report) return; // a worker: the primary says when every worker listens
    printReady(config, info.port, started, report.territoriesLoaded, '');
    console.log(`Courriels : ${mailer.description}`);
  });
  // Jobs being run finish first; those still queued wait in the database for the next worker.
  stopOnSignals(server, () => jobQueue.stop().then(() => connection.close()));
}

export const commands: Record<string, Command> = {
  serve: {
    summary: 'Démarre le serveur web (migre la base et charge les territoires au premier démarrage).',
    usage: 'pacte serve',
    async run() {
      const config = loadConfig();
      const { default: cluster } = await import('node:cluster');
      if (cluster.isWorker) return serveHttp(config, { prepare: false });
      if (config.webConcurrency === 1) return serveHttp(config, { prepare: true });
      // Several processes (src/web/workers.ts): the database is made ready once, before they start.
      const started = performance.now();
      const report = await withConnection((connection) => prepareWithProgress(connection));
      const [{ superviseWorkers }, { createMailer }] = await Promise.all([
        import('../web/workers.ts'),
        import('../mail/mailer.ts'),
      ]);
      superviseWorkers(config.webConcurrency, {
        log: (line) => console.error(line),
        onListening: (port) => {
          printReady(config, port, started, report.territoriesLoaded, `, ${config.webConcurrency} processus`);
          console.log(`Courriels : ${createMailer(config).description}`);
        },
      });
    },
  },
  migrate: {
    summary: 'Applique les migrations de schéma en attente.',
    usage: 'pacte migrate',
    async run() {
      await withConnection(async (connection) => {
        const applied = await migrateToLatest(connection.db as never, connection.dialect);
        await seedReferenceData(connection.db);
        console.log(applied.length ? `Migrations appliquées : ${applied.join(', ')}` : 'Base déjà à jour.');
      });
    },
  },
  'territories load': {
    summary: 'Charge ou met à jour communes, départements, régions, EPCI, EPT et codes postaux.',
    usage: 'pacte territories load',
    async run() {
      await withConnection(async (connection) => {
        await migrateToLatest(connection.db as never, connection.dialect);
        const bar = progressBar('Territoires');
        const { summary } = await loadTerritories(connection.db, (step, i, n) => bar.update(i + 1, n, step));
        bar.stop();
        for (const [table, c] of Object.entries(summary)) {
          console.log(
            `${table.padEnd(26)} créés ${c.created}, modifiés ${c.updated}, supprimés ${c.deleted}, inchangés ${c.unchanged}`,
          );
        }
      });
    },
  },
  import: {
    summary:
      'Importe un fichier officiel (candidatures du Ministère ou Répertoire national des élus ; format reconnu à son en-tête).',
    usage: 'pacte import FICHIER [--election ID] [--dry-run]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, {
        election: { type: 'string' },
        'dry-run': { type: 'boolean' },
      });
      const [file] = positionals;
      if (!file || positionals.length > 1)
        throw new UserError('usage : pacte import FICHIER [--election ID] [--dry-run]');
      if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`fichier introuvable : ${file}`);
      // Loaded on demand: the import code is only needed by this command.
      const { ImportError, importFile } = await import('../candidates/import/import.service.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection);
        const bar = progressBar('Import');
        try {
          const s = await importFile(connection, file, {
            electionId: values.election as string | undefined,
            dryRun: values['dry-run'] === true,
            actor: 'cli',
            onProgress: (rows) => bar.update(rows, Math.max(rows, 1), `${rows} lignes`),
          });
          bar.stop();
          if (s.encodingWarning) console.error(`attention : ${s.encodingWarning}`);
          const mode = s.dryRun ? ' (essai à blanc : rien n’a été enregistré)' : '';
          console.log(`${s.formatLabel} → ${s.electionId ?? 'élus en fonction'}${mode}`);
          console.log(
            `lues ${s.read}, créées ${s.created}, modifiées ${s.updated}, inchangées ${s.unchanged}, ${s.electionId ? 'supprimées' : 'plus en fonction'} ${s.deleted}, rejetées ${s.rejected}`,
          );
          if (s.departements?.length) {
            const covered =
              s.departements.length <= 5
                ? `département(s) ${s.departements.join(', ')}`
                : `${s.departements.length} départements`;
            console.log(
              `fin de mandat (plus en fonction) : ${s.deleted}, dans les territoires du fichier : ${covered}`,
            );
          }
          if (s.matches) {
            const m = s.matches;
            console.log(
              `élus ↔ candidatures : ${m.auto} automatiques, ${m.ambiguous} ambigus (à vérifier en modération) ; créés ${m.created}, modifiés ${m.updated}, supprimés ${m.deleted}`,
            );
          }
          if (s.electionId)
            console.log(
              `listes : créées ${s.lists.created}, modifiées ${s.lists.updated}, inchangées ${s.lists.unchanged}, supprimées ${s.lists.deleted}`,
            );
          if (s.reportPath) console.log(`lignes rejetées (numéro et motif) : ${s.reportPath}`);
          // After an RNE file: elected flags and follow-up scorecards brought up to date.
          if (!s.dryRun && s.format.startsWith('rne-')) {
            const { afterImportCli } = await import('../followup/followup.cli.ts');
            await afterImportCli(connection, s);
          }
        } catch (error) {
          bar.stop();
          if (error instanceof ImportError) throw new UserError(error.message);
          throw error;
        }
      });
    },
  },
  export: {
    summary: 'Exporte un jeu de données public (communes, elections, lists, candidacies) en CSV, ODS ou JSON.',
    usage: 'pacte export JEU --format csv|ods|json [--election ID] [--departement CODE] [--output FICHIER]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, {
        format: { type: 'string' },
        election: { type: 'string' },
        departement: { type: 'string' },
        output: { type: 'string' },
      });
      if (positionals.length > 1) throw new UserError(`usage : ${commands.export?.usage}`);
      const { checkExportOptions, runExport } = await import('../opendata/export.cli.ts');
      const options = { dataset: positionals[0], ...(values as Record<string, string | undefined>) };
      checkExportOptions(options);
      await withConnection(async (connection) => {
        await prepareDatabase(connection);
        await runExport(connection.db, options);
      });
    },
  },
  backup: {
    summary: 'Sauvegarde toute la base dans un fichier (SQLite : sauvegarde en ligne ; PostgreSQL : pg_dump).',
    usage: 'pacte backup FICHIER',
    async run(args) {
      const { positionals } = parseCliArgs(args, {});
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UserError('usage : pacte backup FICHIER');
      const { BackupError, backupDatabase } = await import('../db/backup.ts');
      const config = loadConfig();
      try {
        const bytes = await backupDatabase(config.databaseUrl, file);
        console.log(`Sauvegarde écrite : ${file} (${(bytes / 1_048_576).toFixed(1)} Mo)`);
      } catch (error) {
        if (error instanceof BackupError) throw new UserError(error.message);
        throw error;
      }
    },
  },
  restore: {
    summary: 'Remplace la base par une sauvegarde (la base actuelle est d’abord copiée dans data/backups/).',
    usage: 'pacte restore FICHIER',
    async run(args) {
      const { positionals } = parseCliArgs(args, {});
      const [file] = positionals;
      if (!file || positionals.length > 1) throw new UserError('usage : pacte restore FICHIER');
      const { BackupError, formatOfUrl, restoreDatabase } = await import('../db/backup.ts');
      const config = loadConfig();
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const extension = formatOfUrl(config.databaseUrl) === 'sqlite' ? 'sqlite' : 'dump';
      mkdirSync('data/backups', { recursive: true });
      const safetyCopy = `data/backups/avant-restauration-${stamp}.${extension}`;
      try {
        await restoreDatabase(config.databaseUrl, file, safetyCopy);
      } catch (error) {
        if (error instanceof BackupError) throw new UserError(error.message);
        throw error;
      }
      // A backup from an older version is brought up to date.
      await withConnection(async (connection) => {
        const applied = await migrateToLatest(connection.db as never, connection.dialect);
        console.log(
          `Base restaurée depuis ${file}${applied.length ? ` (migrations appliquées : ${applied.length})` : ''}.`,
        );
        if (existsSync(safetyCopy)) console.log(`La base remplacée est conservée dans ${safetyCopy}`);
      });
    },
  },
  demo: {
    summary: 'Charge une petite campagne de démonstration (listes de 5 communes, signatures, organisation relais).',
    usage: 'pacte demo',
    async run(args) {
      const { positionals } = parseCliArgs(args, {});
      if (positionals.length > 0) throw new UserError('usage : pacte demo');
      const { runDemo } = await import('../demo/demo.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection);
        mkdirSync('data/imports', { recursive: true });
        await runDemo(connection, 'data/imports');
      });
    },
  },
  'followup remind': {
    summary:
      'Envoie les questionnaires « ont-ils agi ? » aux bénévoles de chaque zone (éléments non mis à jour depuis N mois).',
    usage: 'pacte followup remind [--dry-run] [--months N]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, {
        'dry-run': { type: 'boolean' },
        months: { type: 'string' },
      });
      if (positionals.length > 0) throw new UserError('usage : pacte followup remind [--dry-run] [--months N]');
      const months = values.months === undefined ? undefined : Number(values.months);
      if (months !== undefined && !(Number.isInteger(months) && months >= 1 && months <= 60))
        throw new UserError(`--months : un nombre de mois entre 1 et 60 (reçu « ${values.months} »)`);
      const { remindCli } = await import('../followup/followup.cli.ts');
      await withConnection(async (connection, config) => {
        await prepareDatabase(connection, { territories: false });
        await remindCli(connection, config, { dryRun: values['dry-run'] === true, months });
      });
    },
  },
  'followup refresh': {
    summary:
      'Marque les élus d’une élection depuis le Répertoire national des élus et crée les suivis des signataires élus.',
    // --actor: who the audit log names (the web server's imports run this command for their user).
    usage: 'pacte followup refresh --election ID [--actor ID]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, { election: { type: 'string' }, actor: { type: 'string' } });
      const election = values.election as string | undefined;
      if (!election || positionals.length > 0)
        throw new UserError('usage : pacte followup refresh --election ID [--actor ID]');
      const { refreshCli } = await import('../followup/followup.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection, { territories: false });
        await refreshCli(connection, { election, actor: (values.actor as string | undefined) || 'cli' });
      });
    },
  },
  'followup second-round': {
    summary: 'Marque « qualifié pour le second tour » les listes/candidats du fichier des candidatures au second tour.',
    usage: 'pacte followup second-round FICHIER --election ID [--round 2] [--dry-run]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, {
        election: { type: 'string' },
        round: { type: 'string' },
        'dry-run': { type: 'boolean' },
      });
      const [file] = positionals;
      const election = values.election as string | undefined;
      if (!file || !election || positionals.length > 1)
        throw new UserError('usage : pacte followup second-round FICHIER --election ID [--round 2] [--dry-run]');
      if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`fichier introuvable : ${file}`);
      const round = values.round === undefined ? undefined : Number(values.round);
      if (round !== undefined && !Number.isInteger(round)) throw new UserError(`tour invalide : ${values.round}`);
      const { secondRoundCli } = await import('../followup/followup.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection, { territories: false });
        await secondRoundCli(connection, file, { election, round, dryRun: values['dry-run'] === true });
      });
    },
  },
  'followup results': {
    summary:
      'Marque élues les listes (et leurs premiers candidats) qui ont des sièges dans le fichier des résultats par commune du Ministère.',
    usage: 'pacte followup results FICHIER --election ID [--date AAAA-MM-JJ] [--dry-run]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, {
        election: { type: 'string' },
        date: { type: 'string' },
        'dry-run': { type: 'boolean' },
      });
      const [file] = positionals;
      const election = values.election as string | undefined;
      if (!file || !election || positionals.length > 1)
        throw new UserError(`usage : ${commands['followup results']?.usage}`);
      if (!existsSync(file) || !statSync(file).isFile()) throw new UserError(`fichier introuvable : ${file}`);
      const { resultsCli } = await import('../followup/followup.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection, { territories: false });
        await resultsCli(connection, file, {
          election,
          date: values.date as string | undefined,
          dryRun: values['dry-run'] === true,
        });
      });
    },
  },
  'ambassadors remind': {
    summary:
      'Relance par courriel les demandes de visite d’ambassadeur qui attendent trop longtemps à une étape (à lancer chaque jour).',
    usage: 'pacte ambassadors remind',
    async run(args) {
      const { positionals } = parseCliArgs(args, {});
      if (positionals.length > 0) throw new UserError('usage : pacte ambassadors remind');
      const { remindCli } = await import('../ambassadors/ambassadors.cli.ts');
      await withConnection(async (connection, config) => {
        await prepareDatabase(connection, { territories: false });
        await remindCli(connection, config);
      });
    },
  },
  'privacy purge': {
    summary:
      'Anonymise les coordonnées (téléphone, courriel) des candidats et signataires N mois après le dernier tour de leur élection (à lancer chaque jour).',
    usage: 'pacte privacy purge [--dry-run] [--months N]',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, {
        'dry-run': { type: 'boolean' },
        months: { type: 'string' },
      });
      if (positionals.length > 0) throw new UserError('usage : pacte privacy purge [--dry-run] [--months N]');
      const months = values.months === undefined ? undefined : Number(values.months);
      if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > 120))
        throw new UserError(`nombre de mois invalide : ${values.months}`);
      const { purgeCli } = await import('../privacy/privacy.cli.ts');
      await withConnection(async (connection, config) => {
        await prepareDatabase(connection, { territories: false });
        await purgeCli(connection, config, { dryRun: values['dry-run'] === true, months });
      });
    },
  },
  jobs: {
    summary:
      'Montre la file de tâches de fond (courriels…) : en attente, en cours, en échec, avec les dernières erreurs.',
    usage: 'pacte jobs',
    async run(args) {
      if (args.length > 0) throw new UserError('usage : pacte jobs');
      const { jobsStatusCli } = await import('../jobs/jobs.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection, { territories: false });
        await jobsStatusCli(connection);
      });
    },
  },
  'jobs retry': {
    summary: 'Remet en file les tâches de fond en échec (celles nommées, ou toutes avec --all).',
    usage: 'pacte jobs retry ID… | --all',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, { all: { type: 'boolean' } });
      const all = values.all === true;
      if (all === positionals.length > 0) throw new UserError('usage : pacte jobs retry ID… | --all');
      const { jobsRetryCli } = await import('../jobs/jobs.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection, { territories: false });
        await jobsRetryCli(connection, { ids: positionals, all });
      });
    },
  },
  'user add': {
    summary: 'Crée un compte (rôles : volunteer, coordinator, moderator, admin).',
    usage:
      'pacte user add --email COURRIEL --role RÔLE  (mot de passe demandé au terminal, lu dans PACTE_PASSWORD, ou généré et affiché une fois)',
    async run(args) {
      const { values, positionals } = parseCliArgs(args, { email: { type: 'string' }, role: { type: 'string' } });
      const { email, role } = values as { email?: string; role?: string };
      if (!email || !role || positionals.length > 0)
        throw new UserError('usage : pacte user add --email COURRIEL --role RÔLE');
      const { addUserFromCli } = await import('../accounts/users.cli.ts');
      await withConnection(async (connection) => {
        await prepareDatabase(connection, { territories: false });
        await addUserFromCli(connection.db, { email, role });
      });
    },
  },
};

function parseCliArgs(args: string[], options: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError((error as Error).message.split('\n')[0] ?? 'option invalide');
  }
}
