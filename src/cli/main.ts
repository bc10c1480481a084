import { ConfigError } from '../config.ts';
import { commands } from './commands.ts';
import { UserError } from './errors.ts';

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`);
  return `Usage : pacte COMMANDE [options]\n\nCommandes :\n${lines.join('\n')}\n\npacte COMMANDE --help pour l'aide d'une commande.`;
}

/** Finds the longest command name matching the first words ("territories load"). */
function resolve(argv: string[]): { name: string; args: string[] } | undefined {
  for (let words = Math.min(argv.length, 2); words > 0; words--) {
    const name = argv.slice(0, words).join(' ');
    if (commands[name]) return { name, args: argv.slice(words) };
  }
  return undefined;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(help());
    return 0;
  }
  const found = resolve(argv);
  if (!found) {
    const group = Object.keys(commands).filter((n) => n.startsWith(`${argv[0]} `));
    const hint = group.length ? ` (sous-commandes : ${group.join(', ')})` : '';
    console.error(`pacte : commande inconnue « ${argv.join(' ')} »${hint}. Voir pacte --help.`);
    return 1;
  }
  const command = commands[found.name];
  if (!command) return 1;
  if (found.args.includes('--help') || found.args.includes('-h')) {
    console.log(`Usage : ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    await command.run(found.args);
    return 0;
  } catch (error) {
    if (error instanceof UserError || error instanceof ConfigError) {
      console.error(`pacte : ${error.message}`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
      console.error(`pacte : base de données injoignable (DATABASE_URL) : ${(error as Error).message}`);
      return 1;
    }
    // SQLite file that cannot be opened or created (SQLITE_CANTOPEN, SQLITE_NOTADB), or its folder.
    const errcode = (error as { errcode?: number }).errcode;
    const syscall = (error as { syscall?: string }).syscall;
    if ((code === 'ERR_SQLITE_ERROR' && (errcode === 14 || errcode === 26)) || syscall === 'mkdir') {
      console.error(`pacte : base SQLite inutilisable (DATABASE_URL) : ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}
