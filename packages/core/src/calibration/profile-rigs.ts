import type { Catalog } from '../catalog/index.js';
import type { RigConfig } from '../workflow/index.js';
import { CalibrationStore } from './schema.js';

/**
 * The rigs the workflow lays files out by: the configured ones first, then every imported NINA
 * profile (`astrocat profiles import`) as `{ name, optic, camera }`, so an unconfigured rig is
 * named as its profile is (`SQA55@f5.3+ATR585M`) rather than guessed from headers alone.
 *
 * @example
 * ```ts
 * const rigs = rigsWithProfiles(settings.rigs, catalog);
 * ```
 */
export function rigsWithProfiles(configured: readonly RigConfig[], catalog: Catalog): RigConfig[] {
  const fromProfiles = new CalibrationStore(catalog.driver)
    .profiles()
    .map((profile) => ({ name: profile.name, optic: profile.optic, camera: profile.camera }));
  return [...configured, ...fromProfiles];
}
