// Bundles the plugin into dist/: main.js (CommonJS, everything but Obsidian/Electron/Node built-ins
// inlined, the SQLite WebAssembly binary embedded), manifest.json and styles.css.
import { copyFileSync, mkdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stdout } from 'node:process';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreSrc = join(root, '..', 'core', 'src');
const out = join(root, 'dist');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  outfile: join(out, 'main.js'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: [
    'obsidian',
    'electron',
    '@codemirror/*',
    '@lezer/*',
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
  ],
  loader: { '.wasm': 'binary' },
  // Core is bundled from source, so the plugin never needs core's dist or a native module.
  plugins: [
    {
      name: 'astro-core-source',
      setup(b) {
        b.onResolve({ filter: /^@astro\/core\// }, (args) => {
          const sub = args.path.slice('@astro/core/'.length);
          return {
            path: sub.includes('/') ? join(coreSrc, `${sub}.ts`) : join(coreSrc, sub, 'index.ts'),
          };
        });
        // better-sqlite3 is only ever loaded lazily by the CLI's default driver; never in Obsidian.
        b.onResolve({ filter: /^better-sqlite3$/ }, () => ({
          path: 'better-sqlite3',
          external: true,
        }));
      },
    },
  ],
  define: { 'import.meta.url': '""' },
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
});
for (const file of ['manifest.json', 'styles.css']) copyFileSync(join(root, file), join(out, file));
stdout.write(`built ${out}\n`);
