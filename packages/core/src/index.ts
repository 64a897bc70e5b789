export * from './errors/index.js';
export * from './io/index.js';
