import { Command, CommanderError } from 'commander';
import { isAstroError } from '@astro/core/errors';
import { registerCommands } from './commands/index.js';
import { ExitCode, UsageError } from './exit-codes.js';

/** Builds the `astrocat` program with every command registered. */
export function createProgram(): Command {
  const program = new Command('astrocat')
    .description('Catalog, organize and back up astrophotography data.')
    .version('0.1.0')
    .option(
      '-c, --config <file>',
      'configuration file (default: ./astrocat.json, then ~/.config/astrocat/config.json)',
    )
    .option('--db <file>', 'catalog database file (overrides the configuration)')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the program and maps every outcome to an exit code: 0 ok, 1 failure, 2 usage. */
export async function runProgram(program: Command, argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    // A command that completed but must report failure (e.g. --strict) sets process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`astrocat: ${error.message}\n`);
      return ExitCode.usage;
    }
    const code = isAstroError(error) ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`astrocat: ${message} [${code}]\n`);
    if (process.env.ASTROCAT_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
    return ExitCode.failure;
  }
}
