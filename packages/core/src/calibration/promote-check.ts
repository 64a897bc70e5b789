import type { Catalog } from '../catalog/index.js';
import type { AstroConfig } from '../config/index.js';
import { requireCalibration, type CalibrationCheck } from '../workflow/index.js';
import { calibrationCheck } from './calibration-status.js';
import { MASTER_FRAME_TYPES } from './calibration-frame.js';

/**
 * The check `promote` runs before moving a night to 20_Data: a group passes when the master
 * library calibrates it under the configured matching rules, or, for imagers who keep raw
 * calibration frames instead of masters, when frames of every kind in
 * `workflow.promote.requires` calibrate it. When both fail, the masters' verdict (the exact
 * kinds missing) is reported.
 *
 * @example
 * ```ts
 * await promote({ libraryDir, source, calibrationCheck: promoteCalibrationCheck(catalog, config) });
 * ```
 */
export function promoteCalibrationCheck(
  catalog: Catalog,
  config: Pick<AstroConfig, 'calibration' | 'workflow'>,
): CalibrationCheck {
  const masters = catalog.search({ frameType: [...MASTER_FRAME_TYPES], includeUnstitched: true });
  const byMasters = calibrationCheck(masters, config.calibration);
  const byFrames = requireCalibration(config.workflow.promote.requires);
  return (lights, calibration) => {
    const fromMasters = byMasters(lights, calibration);
    if (fromMasters.ok) return fromMasters;
    const fromFrames = byFrames(lights, calibration);
    return fromFrames.ok ? fromFrames : fromMasters;
  };
}
