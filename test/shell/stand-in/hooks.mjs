// Module resolution hook: 'electron' is the recording stand-in, everything else resolves as usual.
import { URL } from 'node:url';

const standIn = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true };
  return nextResolve(specifier, context);
}
