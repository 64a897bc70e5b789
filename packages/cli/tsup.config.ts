import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  // Core is resolved from the workspace at run time, so `import '@astro/core/...'` stays external.
  external: [/^@astro\/core/],
});
