import type { FieldReader } from './field-reader.js';
import type { FrameRecord } from './frame-record.js';
import type { HeaderLookup } from './header-lookup.js';
import type { PathTokens } from './path-tokens.js';
import { splitTargetPanel } from './target-name.js';

// Fields are written with plain property stores (`r.filter = ...; s.filter = ...`), not through
// a generic `record[key]` helper: on the cataloging hot path that keyed store cost ~10 %.

const TEMPERATURE = (t: number) => t >= -273.15 && t <= 150;
const NON_NEGATIVE = (n: number) => n >= 0;
const POSITIVE = (n: number) => n > 0;
const BIN_FACTOR = (n: number) => Number.isInteger(n) && n >= 1 && n <= 64;
const COUNT = (n: number) => Number.isInteger(n) && n > 0;
const BINNING_TEXT = /^(\d{1,2})\s*[x*×]\s*(\d{1,2})$/i;

/** OBJECT with its mosaic panel split off; the path's target folder and PANEL token otherwise. */
export function readTarget(r: FrameRecord, read: FieldReader, path: PathTokens): void {
  const s = r.sources;
  const object = read.text('object');
  const named = object !== null ? splitTargetPanel(object) : null;
  if (named !== null && named.target.length > 0) {
    r.target = named.target;
    s.target = 'header';
    if (named.panel !== null) {
      r.panel = named.panel;
      s.panel = 'header';
    }
  } else {
    const target = pathText(path, 'target');
    if (target !== null) {
      const fromPath = splitTargetPanel(target);
      r.target = fromPath.target;
      s.target = 'path';
      if (fromPath.panel !== null) {
        r.panel = fromPath.panel;
        s.panel = 'path';
      }
    }
  }
  if (r.panel === null && path.panel !== undefined) {
    r.panel = path.panel;
    s.panel = 'path';
  }
}

/** Filter, exposure, gain, offset, temperatures and binning: header first, then the path. */
export function readSettings(r: FrameRecord, read: FieldReader, path: PathTokens): void {
  const s = r.sources;
  const filter = read.text('filter');
  if (filter !== null) {
    r.filter = filter;
    s.filter = 'header';
  } else if (path.filter !== undefined) {
    r.filter = path.filter;
    s.filter = 'path';
  }
  const exposure = read.number('exposureSec', NON_NEGATIVE, 'an exposure in seconds');
  if (exposure !== null) {
    r.exposureSec = exposure;
    s.exposureSec = 'header';
  } else if (path.exposureSec !== undefined) {
    r.exposureSec = path.exposureSec;
    s.exposureSec = 'path';
  }
  const gain = read.number('gain', NON_NEGATIVE, 'a gain setting');
  if (gain !== null) {
    r.gain = gain;
    s.gain = 'header';
  } else if (path.gain !== undefined) {
    r.gain = path.gain;
    s.gain = 'path';
  }
  const offset = read.number('offset', Number.isFinite, 'an offset');
  if (offset !== null) {
    r.offset = offset;
    s.offset = 'header';
  } else if (path.offset !== undefined) {
    r.offset = path.offset;
    s.offset = 'path';
  }
  const setTemp = read.number('setTempC', TEMPERATURE, 'a temperature in °C');
  if (setTemp !== null) {
    r.setTempC = setTemp;
    s.setTempC = 'header';
  } else if (path.setTempC !== undefined) {
    r.setTempC = path.setTempC;
    s.setTempC = 'path';
  }
  const sensorTemp = read.number('sensorTempC', TEMPERATURE, 'a temperature in °C');
  if (sensorTemp !== null) {
    r.sensorTempC = sensorTemp;
    s.sensorTempC = 'header';
  } else if (path.sensorTempC !== undefined) {
    r.sensorTempC = path.sensorTempC;
    s.sensorTempC = 'path';
  }
  const readout = read.text('readoutMode');
  if (readout !== null) {
    r.readoutMode = readout;
    s.readoutMode = 'header';
  }
  const bayer = read.text('bayerPattern');
  if (bayer !== null) {
    r.bayerPattern = bayer;
    s.bayerPattern = 'header';
  }

  const binX = read.number('binX', BIN_FACTOR, 'a binning factor');
  if (binX !== null) {
    const binY = read.number('binY', BIN_FACTOR, 'a binning factor');
    r.binning = `${binX}x${binY ?? binX}`;
    s.binning = 'header';
    return;
  }
  const text = read.text('binning');
  const m = text === null ? null : BINNING_TEXT.exec(text);
  const fromPath = pathText(path, 'binning');
  if (m !== null) {
    r.binning = `${m[1]}x${m[2]}`;
    s.binning = 'header';
  } else if (fromPath !== null) {
    r.binning = fromPath;
    s.binning = 'path';
  }
}

/** Camera, optic, focal length and ratio, pixel size and image size. */
export function readOptics(
  r: FrameRecord,
  read: FieldReader,
  path: PathTokens,
  pixelSizeIncludesBinning: boolean,
  size: { widthPx?: number; heightPx?: number },
): void {
  const s = r.sources;
  const camera = read.text('camera');
  const cameraFromPath = pathText(path, 'camera');
  if (camera !== null) {
    r.camera = camera;
    s.camera = 'header';
  } else if (cameraFromPath !== null) {
    r.camera = cameraFromPath;
    s.camera = 'path';
  }
  const optic = read.text('optic');
  const opticFromPath = pathText(path, 'optic');
  if (optic !== null) {
    r.optic = optic;
    s.optic = 'header';
  } else if (opticFromPath !== null) {
    r.optic = opticFromPath;
    s.optic = 'path';
  }
  const focalLength = read.number('focalLengthMm', POSITIVE, 'a focal length in mm');
  if (focalLength !== null) {
    r.focalLengthMm = focalLength;
    s.focalLengthMm = 'header';
  }
  const ratio = read.number('focalRatio', POSITIVE, 'a focal ratio');
  if (ratio !== null) {
    r.focalRatio = ratio;
    s.focalRatio = 'header';
  } else {
    const aperture = read.number('apertureMm', POSITIVE, 'an aperture in mm');
    const fromPath = path['focalRatio'];
    if (focalLength !== null && aperture !== null) {
      r.focalRatio = Math.round((focalLength / aperture) * 100) / 100;
      s.focalRatio = 'derived';
    } else if (typeof fromPath === 'number') {
      r.focalRatio = fromPath;
      s.focalRatio = 'path';
    }
  }
  const pixel = read.number('pixelSizeUm', POSITIVE, 'a pixel size in µm');
  if (pixel !== null) {
    const binX = r.binning === null ? 1 : Number(r.binning.slice(0, r.binning.indexOf('x')));
    {
      r.pixelSizeUm = pixelSizeIncludesBinning ? pixel : pixel * binX;
      s.pixelSizeUm = 'header';
    }
  }
  // XISF geometry comes from the reader; FITS from NAXIS1/NAXIS2.
  const width = countOrNull(size.widthPx) ?? read.number('widthPx', COUNT);
  if (width !== null) {
    r.widthPx = width;
    s.widthPx = 'header';
  }
  const height = countOrNull(size.heightPx) ?? read.number('heightPx', COUNT);
  if (height !== null) {
    r.heightPx = height;
    s.heightPx = 'header';
  }
}

// PixInsight's integration writes the count as HISTORY text, not NCOMBINE.
const INTEGRATION_COUNT = /\b(?:Image|Fast)Integration\.numberOfImages:\s*(\d+)/;

/** Airmass, focuser, pier side, frames combined and the software name. */
export function readMount(
  r: FrameRecord,
  read: FieldReader,
  lookup: HeaderLookup,
  creatorApplication: string | null,
): void {
  const s = r.sources;
  const airmass = read.number('airmass', (n) => n >= 1 && n < 100, 'an airmass');
  if (airmass !== null) {
    r.airmass = airmass;
    s.airmass = 'header';
  }
  const focuser = read.number('focuserPosition');
  if (focuser !== null) {
    r.focuserPosition = focuser;
    s.focuserPosition = 'header';
  }
  const focuserTemp = read.number('focuserTempC', TEMPERATURE, 'a temperature in °C');
  if (focuserTemp !== null) {
    r.focuserTempC = focuserTemp;
    s.focuserTempC = 'header';
  }
  const pier = read.text('pierSide');
  if (pier !== null) {
    r.pierSide = pier.toUpperCase();
    s.pierSide = 'header';
  }
  let combined = read.number('framesCombined', COUNT, 'a frame count');
  for (let i = 0; combined === null && i < lookup.history.length; i++) {
    const m = INTEGRATION_COUNT.exec(lookup.historyText(lookup.history[i]!));
    if (m !== null) combined = Number(m[1]);
  }
  if (combined !== null) {
    r.framesCombined = combined;
    s.framesCombined = 'header';
  }
  const software = read.text('software') ?? creatorApplication;
  if (software !== null) {
    r.captureSoftware = software;
    s.captureSoftware = 'header';
  }
}

export function pathText(path: PathTokens, key: string): string | null {
  const value = path[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function countOrNull(value: number | undefined): number | null {
  return value !== undefined && COUNT(value) ? value : null;
}
