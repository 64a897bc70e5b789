import { resolve } from 'node:path';
import type { Command } from 'commander';
import { describeImageFile, type ImageFileDescription } from '@astro/core/image-file';
import { withFileSource } from '@astro/core/io';
import { createContext } from '../context.js';
import { formatTable } from '../output.js';

export function register(program: Command): void {
  program
    .command('show')
    .description("Print every HDU's header cards, the normalized frame record and any diagnostics.")
    .argument('<file>', 'a FITS (.fits, .fit, .fts, .fits.fz) or XISF file')
    .option(
      '--json',
      'print { format, hdus: [{ cards: [{ keyword, value, comment }] }], record, diagnostics }',
    )
    .action(async (file: string, _options: object, command: Command) => {
      const ctx = createContext(command);
      const path = resolve(file);
      const description = await withFileSource(path, (source) =>
        describeImageFile(
          source,
          path,
          ctx.config.timeZone ? { timeZone: ctx.config.timeZone } : {},
        ),
      );
      ctx.out.result(description, () => renderDescription(description));
    });
}

function renderDescription(d: ImageFileDescription): string {
  const parts: string[] = [];
  for (const hdu of d.hdus) {
    parts.push(`== HDU ${hdu.index} (${hdu.kind}) ==`);
    parts.push(
      formatTable(
        hdu.cards.map((c) => ({
          keyword: c.keyword,
          value:
            typeof c.value === 'object' && c.value !== null ? JSON.stringify(c.value) : c.value,
          comment: c.comment,
        })),
        ['keyword', 'value', 'comment'],
      ),
    );
  }
  const { rawHeader: _raw, sources: _sources, ...record } = d.record;
  parts.push('== Normalized record ==');
  parts.push(
    formatTable(
      Object.entries(record)
        .filter(([, v]) => v !== null)
        .map(([field, value]) => ({ field, value })),
      ['field', 'value'],
    ),
  );
  if (d.diagnostics.length > 0) {
    parts.push('== Diagnostics ==');
    for (const diag of d.diagnostics)
      parts.push(`${diag.severity}: ${diag.message} [${diag.code}]`);
  }
  return parts.join('\n');
}
