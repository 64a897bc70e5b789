/**
 * The README's first command ends here: generate the bundled demo library (once), catalog it with
 * the built `astrocat` CLI, and print what it found.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLibrary } from '../fixtures/generate-library.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const library = join(root, 'fixtures', 'demo-library');
const db = join(library, '.astrocat', 'catalog.sqlite');
const cli = join(root, 'packages', 'cli', 'dist', 'main.js');

if (!existsSync(library)) {
  const files = generateLibrary(library);
  console.log(
    `Generated the demo library in ${library}: ${files.lights.length} lights, ${files.calibration.length} calibration frames, ${files.masters.length} XISF masters, ${files.bad.length} deliberately bad files.\n`,
  );
}

const astrocat = (...args: string[]) => {
  console.log(`$ astrocat ${args.join(' ')}`);
  try {
    execFileSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  } catch (error) {
    // The CLI already printed why; a failing demo must fail the command.
    process.exit((error as { status?: number }).status ?? 1);
  }
  console.log('');
};

astrocat('scan', library, '--db', db);
astrocat('stats', '--db', db);
astrocat('search', '--db', db, '--target', 'M33', '--filter', 'Ha');
console.log(
  `Catalog: ${db}\nTry: node packages/cli/dist/main.js search --db ${db} --rig "SQA55@f5.3+ATR585M" --json`,
);
