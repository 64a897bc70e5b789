import { resolve } from 'node:path';
import type { CalibrationConfig } from '@astro/core/calibration';
import type { CliContext } from '../context.js';
import { UsageError } from '../exit-codes.js';

/** The `calibration` config section, defaults filled in. */
export function calibrationConfig(ctx: CliContext): CalibrationConfig {
  return ctx.config.calibration;
}

/** `--library`, else the first configured library folder. */
export function libraryDir(ctx: CliContext, option: string | undefined): string {
  const dir = option ?? ctx.config.library.folders[0];
  if (!dir)
    throw new UsageError('no library: pass --library DIR or set library.folders in the config');
  return resolve(dir);
}
