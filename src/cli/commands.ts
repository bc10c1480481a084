import { serve } from '@hono/node-server';
import { type Config, loadConfig } from '../config.ts';
import { type Connection, connect } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrations/index.ts';
import { prepareDatabase } from '../db/prepare.ts';
import { ensureSessionSecret } from '../db/settings.ts';
import { seedElections } from '../elections/elections.service.ts';
import { loadTerritories } from '../territories/territories.load.ts';
import { createApp } from '../web/app.tsx';
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

export const commands: Record<string, Command> = {
  serve: {
    summary: 'Démarre le serveur web (migre la base et charge les territoires au premier démarrage).',
    usage: 'pacte serve',
    async run() {
      const config = loadConfig();
      const connection = connect(config.databaseUrl);
      const started = performance.now();
      const bar = progressBar('Chargement des territoires');
      const report = await prepareDatabase(connection, { onStep: (step, i, n) => bar.update(i + 1, n, step) });
      bar.stop();
      config.sessionSecret ??= await ensureSessionSecret(connection.db);
      const app = createApp({ connection, config });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
        const loaded = report.territoriesLoaded ? ', territoires chargés' : '';
        console.log(`Pacte prêt en ${seconds} s${loaded} : http://localhost:${info.port} (base ${connection.dialect})`);
      });
      const stop = () => server.close(() => void connection.close().then(() => process.exit(0)));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  },
  migrate: {
    summary: 'Applique les migrations de schéma en attente.',
    usage: 'pacte migrate',
    async run() {
      await withConnection(async (connection) => {
        const applied = await migrateToLatest(connection.db as never, connection.dialect);
        await seedElections(connection.db);
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
};
