import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AstroError, ErrorCode } from '../errors/index.js';
import { analyzeFile } from './analyze-file.js';
import type { MeasureFrameOptions } from './measure-frame.js';
import type { FrameMeasurement } from './types.js';

/** One file's outcome: a measurement, or the error that stopped it (the others go on). */
export interface AnalyzeResult {
  path: string;
  measurement?: FrameMeasurement;
  error?: { code: string; message: string };
}

export interface AnalyzeFilesOptions {
  /** Worker threads (default: cores − 1, at least 1). 0 runs in this thread, one file at a time. */
  workers?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; path: string }) => void;
  /** Options for every frame (header optics fill in the rest). */
  measure?: Omit<MeasureFrameOptions, 'signal'>;
  /** The worker script; by default the bundled `worker.js` beside this module. */
  workerUrl?: URL;
  /** Extra node flags for the workers (e.g. a TypeScript loader when running from source). */
  workerExecArgv?: string[];
}

/** @internal Message to a worker. */
export interface AnalyzeTask {
  id: number;
  path: string;
  options: Omit<MeasureFrameOptions, 'signal'>;
}

/** @internal Message from a worker. */
export interface AnalyzeReply {
  id: number;
  measurement?: FrameMeasurement;
  error?: { code: string; message: string };
}

/**
 * Measures many frames on a pool of worker threads, yielding each result as it completes (not in
 * input order). Without a built worker script (running from source) it measures in this thread.
 *
 * @example
 * ```ts
 * for await (const { path, measurement, error } of analyzeFiles(paths, { workers: 2 })) {
 *   console.log(path, measurement?.hfrPx ?? error?.message);
 * }
 * ```
 */
export async function* analyzeFiles(
  paths: string[],
  options: AnalyzeFilesOptions = {},
): AsyncIterable<AnalyzeResult> {
  const total = paths.length;
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const workers = Math.min(total, options.workers ?? Math.max(1, availableParallelism() - 1));
  const measure = options.measure ?? {};
  let done = 0;
  const report = (path: string): void => options.onProgress?.({ done: ++done, total, path });
  if (workers <= 0 || !workerUrl) {
    for (const path of paths) {
      throwIfAborted(options.signal);
      yield await analyzeInThread(path, { ...measure, signal: options.signal });
      report(path);
    }
    return;
  }
  yield* runPool(paths, workers, workerUrl, measure, options, report);
}

async function analyzeInThread(path: string, options: MeasureFrameOptions): Promise<AnalyzeResult> {
  try {
    return { path, measurement: await analyzeFile(path, options) };
  } catch (error) {
    if (error instanceof AstroError && error.code === ErrorCode.ABORTED) throw error;
    const failure = error as { code?: string; message?: string };
    return {
      path,
      error: {
        code: failure.code ?? ErrorCode.IO_ERROR,
        message: failure.message ?? String(error),
      },
    };
  }
}

async function* runPool(
  paths: string[],
  count: number,
  workerUrl: URL,
  measure: Omit<MeasureFrameOptions, 'signal'>,
  options: AnalyzeFilesOptions,
  report: (path: string) => void,
): AsyncIterable<AnalyzeResult> {
  const ready: AnalyzeResult[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let next = 0;
  let finished = 0;
  const pool = Array.from(
    { length: count },
    () => new Worker(workerUrl, { execArgv: options.workerExecArgv ?? [] }),
  );
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const dispatch = (worker: Worker): void => {
    if (next >= paths.length) return;
    const id = next++;
    worker.postMessage({ id, path: paths[id] as string, options: measure } satisfies AnalyzeTask);
  };
  for (const worker of pool) {
    worker.on('message', (reply: AnalyzeReply) => {
      const path = paths[reply.id] as string;
      ready.push({
        path,
        ...(reply.measurement ? { measurement: reply.measurement } : {}),
        ...(reply.error ? { error: reply.error } : {}),
      });
      finished++;
      report(path);
      dispatch(worker);
      notify();
    });
    worker.on('error', (error) => {
      failure ??= error;
      notify();
    });
    dispatch(worker);
  }
  const onAbort = (): void => notify();
  options.signal?.addEventListener('abort', onAbort);
  try {
    while (finished < paths.length || ready.length > 0) {
      throwIfAborted(options.signal);
      if (failure)
        throw new AstroError(
          ErrorCode.IO_ERROR,
          `analysis worker failed: ${(failure as Error).message}`,
          { cause: failure },
        );
      const result = ready.shift();
      if (result) {
        yield result;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new AstroError(ErrorCode.ABORTED, 'analysis was cancelled', { cause: signal.reason });
}

// The bundle puts this module in dist/analysis/ or in a shared chunk in dist/; the worker entry
// is dist/analysis/worker.js either way. From source there is no .js worker: run in-thread.
function defaultWorkerUrl(): URL | undefined {
  // Re-bundled into a host (a CommonJS main.js) there is no module URL and no worker file.
  if (!import.meta.url) return undefined;
  for (const candidate of ['./worker.js', './analysis/worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}
