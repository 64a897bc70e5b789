export { detectFormat, hasImageExtension, type ImageFormat } from './detect-format.js';
export { readImageHeader, type ImageHeader } from './read-image-header.js';
export { readFrameRecord } from './read-frame-record.js';
export {
  describeImageFile,
  type ImageFileDescription,
  type JsonCardValue,
} from './describe-image-file.js';
