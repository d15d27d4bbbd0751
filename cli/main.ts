// The `contacts-import` process: runs the command line, then exits with its code (see run-cli.ts).

import { EXIT } from './cli-errors.js';
import { runCli } from './run-cli.js';

// `contacts-import … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

// The SDK's notice that its 2027 releases need Node 22 says nothing a CLI user can act on; set the
// variable to "false" to see it again.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const exitCode = await runCli(process.argv.slice(2));
// Every write was awaited, so stdout is flushed; idle sockets and timers must not keep the process alive.
process.exit(exitCode);
