/**
 * Signed documents (the signatory's upload, a volunteer's scan of a paper form): checked by their
 * content, not their name, and stored outside the web root, under `<data>/uploads/signatures/`
 * (data = the folder of the outbox, ./data by default). Files are named by a random id; the
 * database keeps the relative path, type, size and SHA-256 (signatures.service.ts attachDocument).
 * Nothing serves this folder: a route that shows a document reads it with readDocument after its
 * own permission check.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Config } from '../config.ts';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

export const DOCUMENT_EXTENSIONS: Record<DocumentType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export interface StoredDocument {
  /** Relative to the documents folder, e.g. « 2026-11/abc….pdf ». */
  path: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A refused file, explained in one French sentence; `reason` lets a page say it in another language. */
export class DocumentError extends Error {
  constructor(
    message: string,
    readonly reason: 'empty' | 'too_big' | 'not_document' | 'path' = 'path',
  ) {
    super(message);
  }
}

/** The documents folder for a configuration. */
export function documentsDir(config: Pick<Config, 'outboxDir'>): string {
  return join(dirname(resolve(config.outboxDir)), 'uploads', 'signatures');
}

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/** The real type of a file from its first bytes (magic numbers), or undefined. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | undefined {
  // %PDF- (some writers put a few bytes before it: the specification allows it within the first 1024)
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'application/pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return undefined;
}

/** Checks a file (type by content, size); throws DocumentError with a message for the person. */
export function checkDocument(bytes: Uint8Array): DocumentType {
  if (bytes.length === 0) throw new DocumentError('Le fichier est vide.', 'empty');
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DocumentError('Le fichier dépasse 10 Mo : envoyez un fichier plus léger (PDF, JPEG ou PNG).', 'too_big');
  }
  const type = sniffDocumentType(bytes);
  if (!type) {
    throw new DocumentError(
      'Ce fichier n’est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement son nom).',
      'not_document',
    );
  }
  return type;
}

/** Checks then stores a document; returns what to record on the signature. */
export async function storeDocument(dir: string, bytes: Uint8Array, now = new Date()): Promise<StoredDocument> {
  const type = checkDocument(bytes);
  const month = now.toISOString().slice(0, 7);
  const name = `${randomBytes(16).toString('hex')}.${DOCUMENT_EXTENSIONS[type]}`;
  await mkdir(join(dir, month), { recursive: true });
  await writeFile(join(dir, month, name), bytes, { flag: 'wx' });
  return {
    path: `${month}/${name}`,
    contentType: type,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** Reads a stored document (never outside the folder). */
export async function readDocument(dir: string, path: string): Promise<Buffer> {
  const root = resolve(dir);
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) throw new DocumentError('Chemin de document invalide.');
  return readFile(full);
}

/** readDocument, or undefined when the path leaves the folder (a tampered row) or the file is missing. */
export async function readStoredDocument(dir: string, path: string): Promise<Buffer | undefined> {
  try {
    return await readDocument(dir, path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (error instanceof DocumentError || code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')
      return undefined;
    throw error;
  }
}

/** Deletes a stored document (never outside the folder); a missing file is not an error. */
export async function deleteDocument(dir: string, path: string): Promise<void> {
  const root = resolve(dir);
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) throw new DocumentError('Chemin de document invalide.');
  await rm(full, { force: true });
}
