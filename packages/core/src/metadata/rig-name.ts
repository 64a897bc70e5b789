/**
 * The rig name used for folders and grouping, in NINA profile style `<optic>@f<ratio>+<camera>`.
 * The ratio keeps at most one decimal and drops a trailing ".0" (f10, f5.3, f4.3). Returns `null`
 * unless optic, focal ratio and camera are all known: a half-built name would group unrelated
 * rigs together.
 *
 * @example
 * ```ts
 * rigName({ optic: 'C8E', focalRatio: 10, camera: 'ZWO ASI2600MM Pro' }); // 'C8E@f10+ZWO ASI2600MM Pro'
 * ```
 */
export function rigName(parts: {
  optic: string | null;
  focalRatio: number | null;
  camera: string | null;
}): string | null {
  const optic = cleanPart(parts.optic);
  const camera = cleanPart(parts.camera);
  const { focalRatio } = parts;
  if (optic === null || camera === null || focalRatio === null) return null;
  if (!Number.isFinite(focalRatio) || focalRatio <= 0) return null;
  return `${optic}@f${formatFocalRatio(focalRatio)}+${camera}`;
}

/**
 * The calibration rig name, `<optic>+<camera>`: the reference layout files calibration frames
 * without the focal ratio, so darks and bias serve every reducer setting of the optic.
 *
 * @example
 * ```ts
 * calibrationRigName({ optic: 'C8E', camera: 'ZWO ASI2600MM Pro' }); // 'C8E+ZWO ASI2600MM Pro'
 * ```
 */
export function calibrationRigName(parts: {
  optic: string | null;
  camera: string | null;
}): string | null {
  const optic = cleanPart(parts.optic);
  const camera = cleanPart(parts.camera);
  return optic === null || camera === null ? null : `${optic}+${camera}`;
}

/** 10 → "10", 5.3 → "5.3", 4.35 → "4.4" (one decimal, as NINA profile names are written). */
export function formatFocalRatio(focalRatio: number): string {
  return String(Math.round(focalRatio * 10) / 10);
}

// Rig names become folder names: path separators and Windows-reserved characters are replaced.
function cleanPart(value: string | null): string | null {
  if (value === null) return null;
  const cleaned = value
    .trim()
    .replace(/\s{2,}/g, ' ')
    .replace(/[\\/:*?"<>|]/g, '-');
  return cleaned.length === 0 ? null : cleaned;
}
