export type { FitsValue, FitsCard } from './card.js';
export { FitsHeader } from './fits-header.js';
export type { FitsHdu } from './fits-hdu.js';
export { readFitsHeaders, readFitsImageHeader, type ReadFitsHeadersOptions } from './hdu-reader.js';
export { readFitsImage, type FitsImage } from './image-reader.js';
export { writeFits, type FitsWriteHdu } from './writer.js';
export { formatCard } from './format-card.js';
