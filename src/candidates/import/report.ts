import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RejectedRow } from './records.ts';

function csvField(value: string | number): string {
  const text = String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rejected rows (line number, reason, raw content) as a `;` CSV a spreadsheet opens directly. */
export function writeRejectReport(dir: string, importId: string, rejected: RejectedRow[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${importId}-rejets.csv`);
  const lines = ['ligne;motif;contenu', ...rejected.map((r) => [r.line, r.reason, r.raw].map(csvField).join(';'))];
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  return path;
}
