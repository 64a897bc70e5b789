import type { Command } from 'commander';

/** Every command module, in the order `astrocat --help` lists them. */
export function registerCommands(program: Command): void {
  void program;
}
