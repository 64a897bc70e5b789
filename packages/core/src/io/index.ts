export {
  bufferSource,
  canReadInto,
  openFileSource,
  withFileSource,
  type ByteSource,
  type FileSource,
} from './byte-source.js';
export {
  HEAD_BYTES,
  openPrefetchedFileSource,
  prefetchedFileSource,
  readFileHead,
} from './prefetched-file-source.js';
export { hashFile, type FileHashes } from './hash-file.js';
