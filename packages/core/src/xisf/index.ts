export type {
  XisfHeader,
  XisfImage,
  XisfImageInfo,
  XisfProperty,
  XisfSampleFormat,
  XisfWriteImage,
} from './types.js';
export { readXisfHeader } from './header-reader.js';
export { readXisfImage, type ReadXisfImageOptions } from './image-reader.js';
export { verifyXisfChecksums, type XisfChecksumResult } from './verify-checksums.js';
export { writeXisf, type WriteXisfOptions } from './writer.js';
export { hasXisfSignature, XISF_SIGNATURE } from './preamble.js';
export { parseFitsKeywordValue, formatFitsKeywordValue } from './fits-keyword.js';
export { XISF_SAMPLE_FORMATS, type XisfPixelArray } from './sample-format.js';
export {
  lz4CompressBlock,
  lz4DecompressBlock,
  shuffleBytes,
  unshuffleBytes,
  zstdDecompress,
  type XisfCodec,
} from './codecs/index.js';
