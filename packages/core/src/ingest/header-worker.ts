import { parentPort } from 'node:worker_threads';
import { readPendingFrame } from './read-pending-frame.js';
import type { HeaderTask } from './header-reader.js';

// Worker entry for the header reader pool (build entry src/ingest/header-worker.ts).
parentPort?.on('message', async (task: HeaderTask) => {
  const results = [];
  for (const file of task.files)
    results.push(await readPendingFrame(file.path, file, { timeZone: task.timeZone }));
  parentPort?.postMessage({ id: task.id, results });
});
