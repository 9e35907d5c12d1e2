import { parseArgs } from 'node:util';
import { startMekariSim } from './server';

/** `npm run sim:mekari -- --port=4010`: a fake Mekari Qontak API for trying broadcasts by hand. */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string', default: 'sim-client' },
    'client-secret': { type: 'string', default: 'sim-secret' },
    'sent-after-ms': { type: 'string', default: '2000' },
    'delivered-after-ms': { type: 'string', default: '5000' },
    'read-after-ms': { type: 'string', default: '15000' },
    /** 62811...:reason, repeatable: these numbers end 'failed' with that WhatsApp error. */
    fail: { type: 'string', multiple: true, default: [] },
  },
});

const failNumbers = Object.fromEntries(
  (values.fail ?? []).map((f) => {
    const [phone, ...reason] = f.split(':');
    return [phone ?? '', reason.join(':') || 'Message failed to send because more than 24 hours have passed'];
  }),
);

const sim = await startMekariSim({
  host: values.host,
  port: Number(values.port),
  clientId: values['client-id'],
  clientSecret: values['client-secret'],
  schedule: {
    sentAfterMs: Number(values['sent-after-ms']),
    deliveredAfterMs: Number(values['delivered-after-ms']),
    readAfterMs: Number(values['read-after-ms']),
  },
  failNumbers,
});

// Test credentials of the fake server only: printed so they can be pasted into Jembatan's settings.
console.log(`Mekari Qontak simulator listening on ${sim.url} (API under ${sim.url}/qontak/chat/v1)`);
console.log(`  client id: ${sim.clientId}   client secret: ${sim.clientSecret}`);
console.log(
  `  in Jembatan: --qontak-api-url=${sim.url} --qontak-client-id=${sim.clientId} --qontak-client-secret=<secret above>`,
);

const shutdown = () => {
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
