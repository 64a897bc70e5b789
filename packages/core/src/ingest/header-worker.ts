import { parentPort } from 'node:worker_threads';
import { FrameEncoder } from '../catalog/encoded-frame.js';
import { readEncodedFrames, type HeaderReply, type HeaderTask } from './header-reader.js';

// Worker entry for the header reader pool (build entry src/ingest/header-worker.ts).
const encoder = new FrameEncoder();
parentPort?.on('message', async (task: HeaderTask) => {
  const results = await readEncodedFrames(task.files, task.options, encoder);
  const reply: HeaderReply = { id: task.id, results, buffer: task.buffer };
  parentPort?.postMessage(reply, [task.buffer]);
});
