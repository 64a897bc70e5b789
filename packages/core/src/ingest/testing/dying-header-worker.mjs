// A header worker that dies on its first task, as a crashed thread would.
import process from 'node:process';
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
