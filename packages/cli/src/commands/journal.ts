import type { Command } from 'commander';
import { AstroError, ErrorCode } from '@astro/core/errors';
import { listOperations, operationDetails } from '@astro/core/workflow';
import { createContext } from '../context.js';
import { formatTable } from '../output.js';
import { libraryDir } from './workflow-common.js';

interface JournalFlags {
  library?: string;
  op?: string;
}

export function register(program: Command): void {
  program
    .command('journal')
    .description(
      'List the journaled workflow operations of a library (or one operation with --op).',
    )
    .option('--library <dir>', 'library root (default: workflow.library from the configuration)')
    .option('--op <id>', 'show one operation: every step with its source, destination and outcome')
    .option('--json', 'print one JSON document')
    .action((flags: JournalFlags, cmd: Command) => {
      const ctx = createContext(cmd);
      const library = libraryDir(ctx, flags.library);
      if (!flags.op) {
        const operations = listOperations(library);
        ctx.out.result(operations, () =>
          formatTable(
            operations.map((o) => ({ ...o, undoes: o.undoes ?? '' })),
            ['opId', 'kind', 'status', 'steps', 'done', 'failed', 'undoes'],
          ),
        );
        return;
      }
      const details = operationDetails(library, flags.op);
      if (!details)
        throw new AstroError(ErrorCode.INVALID_ARGUMENT, `no operation ${flags.op} in ${library}`);
      ctx.out.result(details, () =>
        [
          `${details.operation.kind} ${details.operation.opId}: ${details.operation.status}`,
          formatTable(
            details.results.map((r) => ({ ...r, error: r.error?.message ?? '' })),
            ['id', 'op', 'outcome', 'from', 'to', 'error'],
          ),
        ].join('\n'),
      );
    });
}
