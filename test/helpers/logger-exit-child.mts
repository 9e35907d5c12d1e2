/**
 * A child process for the logger test: open the file log, write lines, then process.exit() at once, as a fatal
 * error does, without closing the log.
 */
import { openRootLogger } from '../../electron/core/kernel/logger';

const root = openRootLogger({ logDir: process.argv[2] as string, stdout: false });
root.log.info('opened');
// Once the file is open (pino-roll opens it asynchronously), a burst, then exit with the writes still queued.
await new Promise((r) => setTimeout(r, 200));
for (let i = 0; i < 200; i++) root.log.info({ i }, 'just before exit');
process.exit(0);
