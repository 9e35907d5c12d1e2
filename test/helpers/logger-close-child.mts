/**
 * A child process for the logger test: open the file log, write a line, close it, say so. Nothing else keeps the
 * event loop alive, as at the end of a headless host's shutdown.
 */
import { openRootLogger } from '../../electron/core/kernel/logger';

const root = openRootLogger({ logDir: process.argv[2] as string, stdout: false });
root.log.info('a line before closing');
await root.close();
process.stdout.write('closed\n');
