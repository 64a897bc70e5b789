export { bufferSource, openFileSource, withFileSource, type ByteSource } from './byte-source.js';
