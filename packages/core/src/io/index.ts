export {
  bufferSource,
  canReadInto,
  openFileSource,
  withFileSource,
  type ByteSource,
  type FileSource,
} from './byte-source.js';
export { openPrefetchedFileSource } from './prefetched-file-source.js';
export { hashFile, type FileHashes } from './hash-file.js';
