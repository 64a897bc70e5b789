/** A 2-D image as the analysis sees it: row-major, FITS row order (data[0..width-1] is FITS row 1). */
export interface AnalysisImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
}

/** What the camera and optics tell us about a frame (from its header, when known). */
export interface FrameOptics {
  /** BAYERPAT, e.g. `RGGB`; when set the frame is measured on a 2×2 super-pixel image. */
  bayerPattern?: string;
  /** XPIXSZ in µm (already binned or not: see `binning`). */
  pixelSizeUm?: number;
  /** FOCALLEN in mm. */
  focalLengthMm?: number;
  /** XBINNING; multiplies `pixelSizeUm` when the header gives the unbinned pixel size. */
  binning?: number;
  /** Pixels at or above this value are saturated. Defaults to 65535 for 16-bit data, none otherwise. */
  saturationAdu?: number;
  /** e-/ADU, used for the shot-noise term of a star's SNR (omitted when unknown). */
  gainEPerAdu?: number;
}

/** Bits of {@link Star.flags}. */
export const StarFlag = {
  /** A pixel of the star reaches the saturation level: its HFR and flux are unreliable. */
  SATURATED: 1,
  /** The measuring aperture leaves the frame. */
  EDGE: 2,
  /** The star was split from a blend with a neighbour. */
  BLENDED: 4,
  /** The aperture did not settle (star on nebulosity or a strong gradient): size unreliable. */
  UNSTABLE: 8,
  /** Over twice as wide (FWHM) as the frame's typical star: a galaxy, a nebula knot or a halo. */
  EXTENDED: 16,
} as const;

/** One detected star; sizes in pixels of the original frame, positions 0-based pixel centres. */
export interface Star {
  x: number;
  y: number;
  /** Background-subtracted flux (ADU) inside the measuring aperture (3.4 half-flux radii, 4σ). */
  flux: number;
  /** Local sky under the star (ADU), from a sigma-clipped annulus just outside the aperture. */
  skyAdu: number;
  /** Highest background-subtracted pixel (ADU). */
  peak: number;
  /**
   * Half-flux radius: the radius enclosing half of `flux`, for the star as the sensor samples it
   * (1.1774·√(σ² + 1/12) for a Gaussian of σ px). Like source-extractor's FLUX_RADIUS with
   * PHOT_FLUXFRAC 0.5, except that FLUX_RADIUS spreads each pixel over its square and so counts the
   * pixel twice: it reads 1.1774·√(σ² + 1/6), +3.8 % at σ = 1 px and +7 % at σ = 0.7 px.
   */
  hfrPx: number;
  /** Mean radius Σ(r·I)/ΣI, the definition NINA calls HFR (≈ 1.064 × hfrPx for a Gaussian). */
  hfrMeanPx: number;
  /** FWHM of the sampled profile from windowed second moments (geometric mean of the axes). */
  fwhmPx: number;
  /** √(1 − b²/a²) of the profile's second moments; 0 for a round star. */
  eccentricity: number;
  /** Position angle of the major axis, degrees from +x towards +y, in (−90, 90]. */
  thetaDeg: number;
  snr: number;
  /** {@link StarFlag} bits. */
  flags: number;
}

/** Which image the stars were measured on. */
export type AnalysisChannel = 'mono' | 'superpixel' | 'green';

/** Per-frame summary; medians are over unflagged stars. */
export interface FrameMeasurement {
  starCount: number;
  hfrPx: number | null;
  fwhmPx: number | null;
  hfrArcsec: number | null;
  fwhmArcsec: number | null;
  eccentricity: number | null;
  backgroundAdu: number;
  noiseAdu: number;
  /** Fraction of pixels at or above the saturation level (0 when the level is unknown). */
  saturatedFraction: number;
  pixelScaleArcsecPerPx: number | null;
  channel: AnalysisChannel;
  stars?: Star[];
}
