import { readdirSync, statSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per domain folder that has a public face (index.ts), so each is a subpath export.
const areas = readdirSync('src').filter((name) => {
  try {
    return statSync(`src/${name}/index.ts`).isFile();
  } catch {
    return false;
  }
});

export default defineConfig({
  // Worker scripts are entries of their own: worker_threads load them by file URL.
  entry: [
    'src/index.ts',
    ...areas.map((area) => `src/${area}/index.ts`),
    'src/analysis/worker.ts',
    'src/ingest/header-worker.ts',
  ],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  external: ['better-sqlite3', 'node-sqlite3-wasm'],
  tsconfig: 'tsconfig.build.json',
});
