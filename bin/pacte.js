#!/usr/bin/env node
// Runs the Pacte CLI on the project's pinned Node (npm package `node@24`), whatever node is on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
const node = Number(process.versions.node.split('.')[0]) >= 24 || !existsSync(pinned) ? process.execPath : pinned;
const result = spawnSync(
  node,
  [
    '--disable-warning=ExperimentalWarning',
    '--import',
    import.meta.resolve('tsx'),
    join(root, 'src', 'main.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', cwd: process.cwd() },
);
process.exit(result.status ?? 1);
