/**
 * The headless host: the same engine and the same renderer as the desktop app, in plain Node and a browser.
 * `npm run headless -- [flags]` prints a URL with a per-run token; open it in a browser on this PC.
 */
// First: V8's memory flags apply before the modules below load (electron/core/kernel/memory-flags.ts).
import './core/kernel/memory-flags-apply';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bootstrap } from './core/bootstrap';
import { createEngine, type Engine, type EngineDeps } from './core/engine';
import { errorMessage } from './core/kernel/errors';
import { registerUiBridge } from './core/http/ui-bridge';
import type { SecretStore } from './core/secrets/secret-store';

const here = dirname(fileURLToPath(import.meta.url));

export interface HeadlessOptions {
  argv: string[];
  env: Record<string, string | undefined>;
  /** The built renderer (default out/renderer). */
  rendererDir?: string;
  /** Tests: a secret store instead of the OS keychain (null = no keychain). */
  secrets?: SecretStore | null;
  pretty?: boolean;
  /** Tests: WhatsApp and OtomaX test hooks passed to the engine. */
  engine?: Pick<EngineDeps, 'whatsapp' | 'otomaxDispatcher' | 'otomaxBackoffMs' | 'otomaxProbeMs' | 'clock'>;
}

export interface Headless {
  url: string;
  /** The window's address, with the per-run token. */
  uiUrl: string;
  token: string;
  apiKey: () => Promise<string>;
  engine: Engine;
  stop(): Promise<void>;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(here, '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The window's token: derived from the local API key, so the same installation keeps the same window address
 * across restarts (an open tab reconnects by itself) and a rotated API key retires it. It opens nothing the API key
 * does not already open.
 */
export function windowToken(apiKey: string): string {
  return createHmac('sha256', apiKey).update('jembatan-window-token').digest('base64url').slice(0, 24);
}

export async function startHeadless(options: HeadlessOptions): Promise<Headless> {
  const booted = await bootstrap({
    argv: options.argv,
    env: options.env,
    pretty: options.pretty ?? false,
    ...(options.secrets !== undefined ? { secrets: options.secrets } : {}),
  });
  const engine = createEngine({ ...booted, host: 'headless', version: packageVersion(), ...options.engine });
  const token = windowToken(await engine.apiKey());
  registerUiBridge(engine.http, {
    api: engine.api,
    events: engine.events,
    token,
    rendererDir: options.rendererDir ?? resolve(here, '..', 'out', 'renderer'),
    log: booted.log.child({ scope: 'ui' }),
  });
  try {
    await engine.start();
  } catch (e) {
    await engine.stop().catch(() => undefined);
    throw e;
  }
  return {
    url: engine.url(),
    uiUrl: `${engine.url()}/?token=${token}`,
    token,
    apiKey: () => engine.apiKey(),
    engine,
    stop: () => engine.stop(),
  };
}

async function main(): Promise<void> {
  let headless: Headless;
  try {
    headless = await startHeadless({ argv: process.argv.slice(2), env: process.env, pretty: process.stdout.isTTY });
  } catch (e) {
    console.error(`jembatan: ${errorMessage(e)}`);
    process.exit(2);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    headless
      .stop()
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        console.error(`jembatan: ${errorMessage(e)}`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Printed only once the handlers are in place: a supervisor that stops us on seeing this line gets a clean stop.
  console.log(
    `\nJembatan is running.\n  Open the window: ${headless.uiUrl}\n  REST API:        ${headless.url}/otomax/health\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
