// Bundles the extension (Node, CommonJS) and the webview script (browser, IIFE) into dist/, and
// copies the SQLite WebAssembly binary beside them so the catalog works without a native module.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire, builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stdout } from 'node:process';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreSrc = join(root, '..', 'core', 'src');
const out = join(root, 'dist');
mkdirSync(out, { recursive: true });

// Core is bundled from source, so the extension never needs core's dist.
const coreFromSource = {
  name: 'astro-core-source',
  setup(b) {
    b.onResolve({ filter: /^@astro\/core\// }, (args) => {
      const sub = args.path.slice('@astro/core/'.length);
      return {
        path: sub.includes('/') ? join(coreSrc, `${sub}.ts`) : join(coreSrc, sub, 'index.ts'),
      };
    });
    // Only the CLI's default driver loads better-sqlite3, lazily; the extension passes the WASM driver.
    b.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: 'better-sqlite3', external: true }));
  },
};

await build({
  entryPoints: [join(root, 'src', 'extension.ts')],
  outfile: join(out, 'extension.js'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
  plugins: [coreFromSource],
  define: { 'import.meta.url': '""' },
  logLevel: 'warning',
  legalComments: 'none',
});
await build({
  entryPoints: [join(root, 'src', 'webview', 'main.ts')],
  outfile: join(out, 'webview.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});
const wasm = join(
  dirname(createRequire(import.meta.url).resolve('node-sqlite3-wasm')),
  'node-sqlite3-wasm.wasm',
);
copyFileSync(wasm, join(out, 'node-sqlite3-wasm.wasm'));
stdout.write(`built ${out}\n`);
