// V8 options per `pacte` command, shared by bin/pacte.js and the benchmarks.
// Imports stream the file in batches, so their live heap stays small; capping the heap makes the
// garbage collector reclaim batches promptly instead of letting memory grow to the default limit.
// The young generation holds a write batch (2,000 rows) while it is validated and written: with
// 16 MB semi-spaces the batch dies young instead of being promoted (national import: 25 % less CPU time
// than with 8 MB, same peak RSS).
export const IMPORT_NODE_OPTIONS = ['--max-old-space-size=160', '--max-semi-space-size=16'];

export function nodeOptionsFor(command) {
  return command === 'import' ? IMPORT_NODE_OPTIONS : [];
}
