// V8 options per `pacte` command, shared by bin/pacte.js and the benchmarks.
// Imports stream the file in batches, so their live heap stays small; capping the heap makes the
// garbage collector reclaim batches promptly instead of letting memory grow to the default limit.
// The young generation holds a write batch (2,000 rows) while it is validated and written: with
// 16 MB semi-spaces the batch dies young instead of being promoted (national import: 25 % less CPU time
// than with 8 MB, same peak RSS).
export const IMPORT_NODE_OPTIONS = ['--max-old-space-size=160', '--max-semi-space-size=16'];

// The server: V8 grows each semi-space up to 64 MB under a high allocation rate (loading the modules
// through tsx, streaming an export of 900,000 rows), which alone held ~100 MB of the 300 MB a full
// CSV export may use. Capped at 16 MB (V8's former default) the young generation stays at 32 MB;
// what it holds between two collections (a page being rendered, a 2,000-row page of an export) is
// far smaller (docs/decisions/0027-streamed-exports-array-rows.md).
export const SERVE_NODE_OPTIONS = ['--max-semi-space-size=16'];

export function nodeOptionsFor(command) {
  if (command === 'import') return IMPORT_NODE_OPTIONS;
  if (command === 'serve') return SERVE_NODE_OPTIONS;
  return [];
}
