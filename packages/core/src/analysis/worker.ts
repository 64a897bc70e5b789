import { parentPort } from 'node:worker_threads';
import { analyzeFile } from './analyze-file.js';
import type { AnalyzeTask, AnalyzeReply } from './analyze-files.js';

// Worker entry for analyzeFiles: one file per message, replies in kind. Build entry: src/analysis/worker.ts.
parentPort?.on('message', (task: AnalyzeTask) => {
  analyzeFile(task.path, task.options).then(
    (measurement) => parentPort?.postMessage({ id: task.id, measurement } satisfies AnalyzeReply),
    (error: unknown) => {
      const failure = error as { code?: string; message?: string };
      parentPort?.postMessage({
        id: task.id,
        error: { code: failure.code ?? 'IO_ERROR', message: failure.message ?? String(error) },
      } satisfies AnalyzeReply);
    },
  );
});
