import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';

/** An upload refused for a reason the user can act on, in French. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
  }
}

export interface UploadedFile {
  /** Where it was stored (random name). */
  path: string;
  /** The name it had on the user's computer, for display. */
  originalName: string;
  size: number;
}

export interface UploadResult {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
}

export function formatBytes(n: number): string {
  return n >= 1_000_000 ? `${Math.round(n / 1_000_000)} Mo` : `${Math.ceil(n / 1000)} ko`;
}

/**
 * Reads a multipart/form-data request as a stream: text fields are collected, the one file field
 * is written straight to `dir` under a random name (never held in memory), and refused past
 * `maxBytes` (the partial file is deleted).
 */
export async function receiveUpload(
  request: Request,
  options: { dir: string; fileField: string; maxBytes: number },
): Promise<UploadResult> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) throw new UploadError('formulaire d’envoi de fichier attendu');
  const declared = Number(request.headers.get('content-length') ?? 0);
  const tooBig = `fichier trop volumineux : ${formatBytes(options.maxBytes)} au plus`;
  if (declared > options.maxBytes + 1_000_000) throw new UploadError(tooBig, 413);
  if (!request.body) throw new UploadError('aucun fichier reçu');
  mkdirSync(options.dir, { recursive: true });

  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  let problem: UploadError | undefined;
  const writes: Promise<void>[] = [];
  const parser = busboy({
    headers: Object.fromEntries(request.headers),
    limits: { files: 1, fileSize: options.maxBytes, fields: 20, fieldSize: 10_000, parts: 30 },
    defParamCharset: 'utf8',
  });
  parser.on('field', (name, value) => {
    fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== options.fileField || file || !info.filename) {
      stream.resume();
      return;
    }
    const extension = extname(info.filename)
      .toLowerCase()
      .replace(/[^.a-z0-9]/g, '')
      .slice(0, 8);
    const path = join(options.dir, `${randomBytes(16).toString('hex')}${extension}`);
    const uploaded: UploadedFile = { path, originalName: basename(info.filename).slice(0, 200), size: 0 };
    file = uploaded;
    stream.on('data', (chunk: Buffer) => {
      uploaded.size += chunk.length;
    });
    stream.on('limit', () => {
      problem = new UploadError(tooBig, 413);
    });
    writes.push(pipeline(stream, createWriteStream(path, { flags: 'wx' })));
  });
  parser.on('filesLimit', () => {
    problem ??= new UploadError('un seul fichier à la fois');
  });
  try {
    await pipeline(Readable.fromWeb(request.body as WebReadableStream<Uint8Array>), parser);
    await Promise.all(writes);
  } catch (error) {
    if (file) await rm(file.path, { force: true });
    throw problem ?? new UploadError(`envoi interrompu ou mal formé : ${(error as Error).message}`);
  }
  if (problem) {
    if (file) await rm(file.path, { force: true });
    throw problem;
  }
  if (file && file.size === 0) {
    await rm(file.path, { force: true });
    throw new UploadError('le fichier envoyé est vide');
  }
  return { fields, file };
}
