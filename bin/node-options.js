// V8 options per `pacte` command, shared by bin/pacte.js and the benchmarks.
// Imports stream the file in batches, so their live heap stays small; capping the heap makes the
// garbage collector reclaim batches promptly instead of letting memory grow to the default limit.
export const IMPORT_NODE_OPTIONS = ['--max-old-space-size=160', '--max-semi-space-size=8'];

export function nodeOptionsFor(command) {
  return command === 'import' ? IMPORT_NODE_OPTIONS : [];
}
