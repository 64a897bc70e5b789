import { createProgram, runProgram } from './program.js';

process.exitCode = await runProgram(createProgram(), process.argv);
