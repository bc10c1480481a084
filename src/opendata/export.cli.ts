import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UserError } from '../cli/errors.ts';
import type { Db } from '../db/connection.ts';
import { FORMATS, isFormat } from './dataset.ts';
import { DATASETS, type DatasetFilters } from './datasets.ts';
import { exportChunks } from './formats.ts';

export interface ExportOptions {
  dataset?: string;
  format?: string;
  election?: string;
  departement?: string;
  output?: string;
}

/** Checks `pacte export` arguments before any database work; French one-line errors. */
export function checkExportOptions(options: ExportOptions) {
  const known = Object.keys(DATASETS).join(', ');
  if (!options.dataset) throw new UserError(`usage : pacte export JEU --format csv|ods|json (jeux : ${known})`);
  if (!Object.hasOwn(DATASETS, options.dataset))
    throw new UserError(`jeu de données inconnu : ${options.dataset} (jeux connus : ${known})`);
  if (!isFormat(options.format))
    throw new UserError(
      `format ${options.format ? `inconnu : ${options.format}` : 'manquant'} (--format ${FORMATS.join('|')})`,
    );
  const spec = DATASETS[options.dataset as keyof typeof DATASETS];
  for (const filter of ['election', 'departement'] as const) {
    if (options[filter] !== undefined && !(spec.filters as readonly string[]).includes(filter))
      throw new UserError(`--${filter} ne s’applique pas au jeu ${options.dataset}`);
  }
  return { spec, format: options.format };
}

export async function runExport(db: Db, options: ExportOptions): Promise<void> {
  const { spec, format } = checkExportOptions(options);
  const filters: DatasetFilters = {};
  if (options.election !== undefined) {
    const election = await db
      .selectFrom('elections')
      .select('id')
      .where('id', '=', options.election)
      .executeTakeFirst();
    if (!election) throw new UserError(`élection inconnue : ${options.election}`);
    filters.election = options.election;
  }
  if (options.departement !== undefined) {
    const code = options.departement.toUpperCase();
    const departement = await db.selectFrom('departements').select('code').where('code', '=', code).executeTakeFirst();
    if (!departement) throw new UserError(`département inconnu : ${options.departement}`);
    filters.departement = code;
  }
  const dataset = spec.build(db, filters);
  const source = Readable.from(exportChunks(dataset, format));
  if (options.output) {
    try {
      await pipeline(source, createWriteStream(options.output));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
        throw new UserError(`impossible d’écrire ${options.output} (${code})`);
      throw error;
    }
    return;
  }
  // stdout stays open after the export: pipe into a wrapper that does not end it.
  await pipeline(
    source,
    new Writable({
      write(chunk, _encoding, callback) {
        if (process.stdout.write(chunk)) callback();
        else process.stdout.once('drain', () => callback());
      },
    }),
  );
}
