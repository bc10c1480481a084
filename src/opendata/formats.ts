import { csvChunks } from './csv.ts';
import type { Dataset, Format } from './dataset.ts';
import { jsonChunks } from './json.ts';
import { ODS_MIMETYPE, odsChunks } from './ods.ts';

export const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  ods: ODS_MIMETYPE,
  json: 'application/json; charset=utf-8',
};

/** A dataset written in one format, as binary chunks. */
export async function* exportChunks(dataset: Dataset, format: Format): AsyncGenerator<Uint8Array> {
  if (format === 'ods') {
    yield* odsChunks(dataset);
    return;
  }
  const encoder = new TextEncoder();
  for await (const text of format === 'csv' ? csvChunks(dataset) : jsonChunks(dataset)) yield encoder.encode(text);
}

/** Public data changes with imports only: caches may keep an export for a few minutes. */
export const EXPORT_CACHE_CONTROL = 'public, max-age=300';

/** A streamed HTTP download of a dataset. */
export function exportResponse(dataset: Dataset, format: Format): Response {
  const body = ReadableStream.from(exportChunks(dataset, format));
  return new Response(body, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${dataset.name.replace(/[^\w.-]/g, '_')}.${format}"`,
      'Cache-Control': EXPORT_CACHE_CONTROL,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Route pattern of a downloadable variant of a page: `/listes/:file{EXPORT_PARAM}` matches "ID.csv". */
export const EXPORT_PARAM = '[^/]+\\.(?:csv|ods|json)';

/** "62498.csv" → { id: "62498", format: "csv" }. */
export function splitExportName(file: string): { id: string; format: Format } {
  const dot = file.lastIndexOf('.');
  return { id: file.slice(0, dot), format: file.slice(dot + 1) as Format };
}
