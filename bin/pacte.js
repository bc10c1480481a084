#!/usr/bin/env node
// Runs the Pacte CLI on the project's pinned Node (npm package `node@24`), whatever node is on PATH.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeOptionsFor } from './node-options.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
const node = Number(process.versions.node.split('.')[0]) >= 24 || !existsSync(pinned) ? process.execPath : pinned;
const child = spawn(
  node,
  [
    '--disable-warning=ExperimentalWarning',
    ...nodeOptionsFor(process.argv[2]),
    '--import',
    import.meta.resolve('tsx'),
    join(root, 'src', 'main.ts'),
    ...process.argv.slice(2),
  ],
  {
    stdio: 'inherit',
    cwd: process.cwd(),
    // tsx reads the JSX settings from tsconfig.json, which it would otherwise look for in the current folder.
    env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? join(root, 'tsconfig.json') },
  },
);
// A service manager stops `pacte serve` by signalling this process: pass it on so the server shuts down
// cleanly instead of being left running. (Ctrl-C already reaches the whole process group.)
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
process.on('SIGINT', () => {});
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' || signal === 'SIGINT' ? 0 : 1)));
