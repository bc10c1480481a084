import { type Cell, cellPages, type Dataset } from './dataset.ts';

function jsonValue(value: Cell, type: string): Cell {
  if (value === undefined || value === null) return null;
  if (type === 'boolean') return Boolean(value);
  if (type === 'number') return typeof value === 'number' ? value : Number(value);
  return value;
}

/**
 * A JSON array of objects keyed by the columns' machine names, one object per line, streamed.
 * Each object is written as JSON.stringify would write it, without building it.
 */
export async function* jsonChunks(dataset: Dataset): AsyncGenerator<string> {
  const { columns } = dataset;
  const prefixes = columns.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.key)}:`);
  let buffer = '[';
  let first = true;
  for await (const page of cellPages(dataset)) {
    for (const cells of page) {
      let object = '';
      for (let i = 0; i < columns.length; i++) {
        object += `${prefixes[i]}${JSON.stringify(jsonValue(cells[i], (columns[i] as (typeof columns)[number]).type))}`;
      }
      buffer += `${first ? '\n' : ',\n'}${columns.length ? `${object}}` : '{}'}`;
      first = false;
      if (buffer.length >= 65536) {
        yield buffer;
        buffer = '';
      }
    }
  }
  yield `${buffer}${first ? '' : '\n'}]\n`;
}
