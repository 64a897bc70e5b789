import { createProgram, runProgram } from './program.js';

// The AWS SDK warns on every start that it will need Node 22 in 2027; the lockfile pins a release
// that supports Node 20, so the warning would only be noise in a user's terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runProgram(createProgram(), process.argv);
