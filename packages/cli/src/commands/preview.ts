import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { previewFile } from '@astro/core/analysis';
import { createContext } from '../context.js';
import { UsageError } from '../exit-codes.js';

export function register(program: Command): void {
  program
    .command('preview')
    .description(
      'Write an auto-stretched (debayered when colour) PNG preview of a FITS/XISF frame.',
    )
    .argument('<file>', 'FITS or XISF file')
    .requiredOption('-o, --output <png>', 'PNG file to write')
    .option('--max-size <px>', 'longest side of the preview', '1024')
    .option('--stars', 'circle the measured stars (green; flagged ones orange)')
    .option('--json', 'print { output, width, height, starCount }')
    .action(
      async (
        file: string,
        options: { output: string; maxSize: string; stars?: boolean },
        command: Command,
      ) => {
        const ctx = createContext(command);
        const maxSize = Number(options.maxSize);
        if (!(Number.isInteger(maxSize) && maxSize >= 16))
          throw new UsageError(`--max-size must be a whole number ≥ 16, got ${options.maxSize}`);
        const preview = await previewFile(resolve(file), {
          maxSize,
          overlayStars: Boolean(options.stars),
          signal: ctx.signal,
        });
        const output = resolve(options.output);
        await writeFile(output, preview.png);
        const result = {
          output,
          width: preview.width,
          height: preview.height,
          starCount: preview.starCount,
        };
        ctx.out.result(
          result,
          () =>
            `wrote ${output} (${result.width}×${result.height}${result.starCount === null ? '' : `, ${result.starCount} stars`})`,
        );
      },
    );
}
