export { bufferSource, openFileSource, withFileSource, type ByteSource } from './byte-source.js';
export { openPrefetchedFileSource } from './prefetched-file-source.js';
export { hashFile, type FileHashes } from './hash-file.js';
