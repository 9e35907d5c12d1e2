import { parseArgs } from 'node:util';
import { parseFaultSpec } from './faults';
import { startOtomaxSim } from './sim';
import type { OtomaxSimOptions, SimResellerInput } from './types';

const HELP = `OtomaX OpenApi simulator

  npm run sim:otomax -- [options]

  --port=5000                 listen port (0 = any free port; default 5000)
  --host=127.0.0.1
  --app-id= --app-key= --dev-key=
                              the app's credentials (default APPID123 / appkey-secret / devkey-secret)
  --reseller=kode:phone:saldo[:pin]
                              repeatable (default R0001:6281234567890:100000:1234)
  --fault=Route:kind[:arg][:count]
                              repeatable; kinds latency (arg ms), status (arg HTTP status), reset_before_body,
                              reset_after_body, hang, malformed_json; Route is a method name or '*'
  --bad-token=ok_false|http401
  --exp-grace=ms              accept _exp this long after it passed
  --callback-shape=outbox|seed
  --callback-delay=ms         transaction result -> outbox delay
  --callback-token=none|query|header

The first line on stdout is the base URL; events follow on stderr, one JSON object per line.`;

function parseReseller(spec: string): SimResellerInput {
  const [kode, phone, saldo, pin] = spec.split(':');
  if (!kode || !phone || !saldo || !/^\d+$/.test(saldo)) {
    throw new Error(`bad reseller "${spec}": expected kode:phone:saldo[:pin]`);
  }
  return { kode, phone, saldo: Number(saldo), ...(pin ? { pin } : {}) };
}

function intArg(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number`);
  return Number(v);
}

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      'app-id': { type: 'string' },
      'app-key': { type: 'string' },
      'dev-key': { type: 'string' },
      reseller: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      'bad-token': { type: 'string' },
      'exp-grace': { type: 'string' },
      'callback-shape': { type: 'string' },
      'callback-delay': { type: 'string' },
      'callback-token': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const appId = values['app-id'] ?? 'APPID123';
  const options: OtomaxSimOptions = {
    host: values.host ?? '127.0.0.1',
    port: intArg(values.port, 'port') ?? 5000,
    apps: { [appId]: { appKey: values['app-key'] ?? 'appkey-secret', devKey: values['dev-key'] ?? 'devkey-secret' } },
    badToken: oneOf(values['bad-token'], ['ok_false', 'http401'] as const, 'bad-token'),
    expGraceMs: intArg(values['exp-grace'], 'exp-grace'),
    callback: {
      ...(values['callback-shape']
        ? { shape: oneOf(values['callback-shape'], ['outbox', 'seed'] as const, 'callback-shape') }
        : {}),
      ...(values['callback-delay'] ? { delayMs: intArg(values['callback-delay'], 'callback-delay') } : {}),
      ...(values['callback-token']
        ? { token: oneOf(values['callback-token'], ['none', 'query', 'header'] as const, 'callback-token') }
        : {}),
    },
    onEvent: (event, data) => process.stderr.write(JSON.stringify({ event, ...data }) + '\n'),
  };
  if (values.reseller?.length) options.resellers = values.reseller.map(parseReseller);
  const faults = (values.fault ?? []).map(parseFaultSpec);
  const sim = await startOtomaxSim(options);
  for (const f of faults) sim.fault(f.route, f.fault);
  console.log(sim.url);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(2);
});
