/**
 * Everything a command prints goes through here: one JSON document on stdout with --json,
 * readable text otherwise; progress on stderr (a bar on a TTY, JSON lines when piped).
 */
export interface Output {
  readonly json: boolean;
  /** Prints the command's result: JSON when --json, else calls `render` for text. */
  result(value: unknown, render: () => string): void;
  /** An informational line for humans (stderr when --json so stdout stays one document). */
  info(line: string): void;
  progress(label: string): Progress;
}

export interface Progress {
  update(done: number, total: number | null, detail?: string): void;
  done(): void;
}

export function createOutput(options: {
  json: boolean;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  return {
    json: options.json,
    result(value, render) {
      stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : `${render()}\n`);
    },
    info(line) {
      (options.json ? stderr : stdout).write(`${line}\n`);
    },
    progress(label) {
      return stderr.isTTY ? ttyProgress(stderr, label) : jsonLinesProgress(stderr, label);
    },
  };
}

function ttyProgress(stream: NodeJS.WriteStream, label: string): Progress {
  let last = 0;
  const width = 28;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - last < 80 && done !== total) return; // redraw at most ~12 times a second
      last = now;
      const ratio = total ? Math.min(1, done / total) : 0;
      const bar = total ? `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ` : '';
      const count = total ? `${done}/${total}` : `${done}`;
      const tail = detail ? ` ${detail}` : '';
      stream.write(`\r\x1b[K${label} ${bar}${count}${tail}`.slice(0, (stream.columns || 100) + 8));
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}

function jsonLinesProgress(stream: NodeJS.WriteStream, label: string): Progress {
  let last = 0;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - last < 1000 && done !== total) return; // one line a second is plenty for logs
      last = now;
      stream.write(`${JSON.stringify({ progress: label, done, total, detail })}\n`);
    },
    done() {},
  };
}

/** Formats rows as an aligned text table. */
export function formatTable(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => line(columns.map((c) => cell(row[c])))),
  ].join('\n');
}

/** Seconds as "12h 30m" / "4m 05s" for humans. */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}
