export type {
  AnalysisChannel,
  AnalysisImage,
  FrameMeasurement,
  FrameOptics,
  Star,
} from './types.js';
export { StarFlag } from './types.js';
export {
  measureBackground,
  interpolateMeshAt,
  interpolateMeshRow,
  type BackgroundModel,
  type BackgroundOptions,
} from './background.js';
export {
  detectStars,
  detectStarsDetailed,
  type DetectOptions,
  type Detection,
} from './detect-stars.js';
export { measureStar, type StarContext } from './measure-star.js';
export { measureFrame, type MeasureFrameOptions } from './measure-frame.js';
export {
  HFR_METHODS,
  fluxRadius,
  type FluxRadiusContext,
  type HfrMethod,
  type SkyModel,
} from './flux-radius.js';
export { SourceExtractorBackground } from './source-extractor-background.js';
export { collapseBayer, parseBayerPattern, type BayerPattern } from './bayer.js';
export {
  randomStarField,
  renderSyntheticFrame,
  type SyntheticFrameSpec,
  type SyntheticStar,
  type TrueStar,
} from './synthetic-frame.js';
export {
  stretchPreview,
  midtoneTransfer,
  type Preview,
  type PreviewOptions,
} from './stretch-preview.js';
export { encodePng, crc32 } from './encode-png.js';
export { plotSessionSvg } from './plot-session-svg.js';
export { plotSessionPng, type SessionPlotPngOptions } from './plot-session-png.js';
export type { SessionPoint, SessionPlotOptions } from './plot-session.js';
export {
  analyzeFile,
  loadFrame,
  loadImage,
  opticsFromCards,
  type LoadImageOptions,
  type LoadedFrame,
} from './analyze-file.js';
export { analyzeFiles, type AnalyzeFilesOptions, type AnalyzeResult } from './analyze-files.js';
export { createQualityAgent, qualityFields } from './quality-agent.js';
export { analysisReportRow, type AnalysisReportRow } from './report-row.js';
export {
  previewFile,
  previewImage,
  type PreviewOptions as PreviewFileOptions,
  type PreviewPng,
} from './preview-file.js';
export { listImageFiles } from './list-image-files.js';
