import type { Command } from 'commander';
import { register as registerInit } from './init.js';
import { register as registerScan } from './scan.js';
import { register as registerSearch } from './search.js';
import { register as registerShow } from './show.js';
import { register as registerStats } from './stats.js';
import { register as registerWatch } from './watch.js';

/** Every command module, in the order `astrocat --help` lists them. */
export function registerCommands(program: Command): void {
  for (const register of [registerInit, registerScan, registerWatch, registerSearch, registerStats, registerShow]) register(program);
}
