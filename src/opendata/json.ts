import type { Cell, Dataset } from './dataset.ts';

function jsonValue(value: Cell, type: string): Cell {
  if (value === undefined || value === null) return null;
  if (type === 'boolean') return Boolean(value);
  if (type === 'number') return typeof value === 'number' ? value : Number(value);
  return value;
}

/** A JSON array of objects keyed by the columns' machine names, one object per line, streamed. */
export async function* jsonChunks(dataset: Dataset): AsyncGenerator<string> {
  let buffer = '[';
  let first = true;
  for await (const row of dataset.rows()) {
    const object: Record<string, Cell> = {};
    for (const c of dataset.columns) object[c.key] = jsonValue(row[c.key], c.type);
    buffer += `${first ? '\n' : ',\n'}${JSON.stringify(object)}`;
    first = false;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}${first ? '' : '\n'}]\n`;
}
