// Composition root and CLI entry: `pacte COMMAND`.
import { runCli } from './cli/main.ts';

const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
