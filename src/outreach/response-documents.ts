// Documents attached to a candidate's response (a scanned letter, a PDF): checked by content (PDF,
// JPEG, PNG, ≤ 10 MB) with the pledges' document storage, kept outside the web root under
// `<data>/uploads/responses/`, served only by a route that checks who asks.
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import {
  DocumentError,
  MAX_DOCUMENT_BYTES,
  readStoredDocument,
  sniffDocumentType,
  storeDocument,
} from '../pledges/documents.storage.ts';

export { DocumentError, MAX_DOCUMENT_BYTES };

export function responseDocumentsDir(config: Pick<Config, 'outboxDir'>): string {
  return join(dirname(resolve(config.outboxDir)), 'uploads', 'responses');
}

/** A file name to show: no folders, no control characters, at most 120 characters. */
function displayName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const base = (name.split(/[\\/]/).at(-1) ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, 120) || 'document';
}

export async function saveResponseDocument(
  config: Pick<Config, 'outboxDir'>,
  file: File,
): Promise<{ path: string; name: string }> {
  const stored = await storeDocument(responseDocumentsDir(config), new Uint8Array(await file.arrayBuffer()));
  return { path: stored.path, name: displayName(file.name) };
}

/** The stored document, or undefined when its path leaves the folder or the file is gone. */
export async function loadResponseDocument(
  config: Pick<Config, 'outboxDir'>,
  path: string,
): Promise<{ bytes: Buffer; contentType: string } | undefined> {
  const bytes = await readStoredDocument(responseDocumentsDir(config), path);
  return bytes && { bytes, contentType: sniffDocumentType(bytes) ?? 'application/octet-stream' };
}
