import { describe, expect, it } from 'vitest';
import {
  routeOutbox,
  type RouteDecision,
  type RouteFacts,
  type RouteNumber,
} from '../../../electron/core/numbers/route';

const HOUR = 3_600_000;
const T0 = 1_000_000;

/** Primary P (global default terminal 1), A on terminal 2, B on terminal 3, C on terminal 4 (removed). */
function numbers(over: Record<string, Partial<RouteNumber>> = {}): RouteNumber[] {
  const base: RouteNumber[] = [
    { id: 'default', kodeTerminal: null, primary: true, fallbackId: null, removed: false, up: true },
    { id: 'wa-a', kodeTerminal: 2, primary: false, fallbackId: null, removed: false, up: true },
    { id: 'wa-b', kodeTerminal: 3, primary: false, fallbackId: null, removed: false, up: true },
    { id: 'wa-c', kodeTerminal: 4, primary: false, fallbackId: null, removed: true, up: false },
  ];
  return base.map((n) => ({ ...n, ...over[n.id] }));
}

function facts(over: Partial<RouteFacts> = {}): RouteFacts {
  return {
    kodeTerminal: null,
    defaultKodeTerminal: 1,
    lastChatNumberId: null,
    numbers: numbers(),
    receivedAt: T0,
    now: T0 + 1_000,
    maxAgeMs: 6 * HOUR,
    ...over,
  };
}

const send = (numberId: string, via: string, fallbackFor: string | null = null): RouteDecision =>
  ({ kind: 'send', numberId, via, fallbackFor }) as RouteDecision;
const wait = (numberId: string, via: string, alsoId: string | null = null): RouteDecision =>
  ({ kind: 'wait', numberId, via, alsoId, until: T0 + 6 * HOUR }) as RouteDecision;

describe('which number sends an outbox message', () => {
  it.each<[string, Partial<RouteFacts>, RouteDecision]>([
    // ---- the terminal decides
    ['its terminal, up', { kodeTerminal: 2 }, send('wa-a', 'terminal')],
    ['its terminal wins over the last chat', { kodeTerminal: 3, lastChatNumberId: 'wa-a' }, send('wa-b', 'terminal')],
    ['the default terminal belongs to the number without its own', { kodeTerminal: 1 }, send('default', 'terminal')],
    [
      'a number that chose the terminal itself wins over one inheriting it',
      { kodeTerminal: 1, numbers: numbers({ 'wa-b': { kodeTerminal: 1 } }) },
      send('wa-b', 'terminal'),
    ],
    [
      'terminal 0 is a terminal like any other',
      { kodeTerminal: 0, lastChatNumberId: 'wa-b', numbers: numbers({ 'wa-a': { kodeTerminal: 0 } }) },
      send('wa-a', 'terminal'),
    ],
    // ---- down: wait, or the fallback the owner set
    [
      'its terminal, down, no fallback: waits',
      { kodeTerminal: 2, numbers: numbers({ 'wa-a': { up: false } }) },
      wait('wa-a', 'terminal'),
    ],
    [
      'down with a fallback that is up: the fallback sends',
      { kodeTerminal: 2, numbers: numbers({ 'wa-a': { up: false, fallbackId: 'wa-b' } }) },
      send('wa-b', 'terminal', 'wa-a'),
    ],
    [
      'down with a fallback that is down too: waits for either',
      {
        kodeTerminal: 2,
        numbers: numbers({ 'wa-a': { up: false, fallbackId: 'wa-b' }, 'wa-b': { up: false } }),
      },
      wait('wa-a', 'terminal', 'wa-b'),
    ],
    [
      'never a second hop: the fallback of the fallback does not send',
      {
        kodeTerminal: 2,
        numbers: numbers({
          'wa-a': { up: false, fallbackId: 'wa-b' },
          'wa-b': { up: false, fallbackId: 'default' },
        }),
      },
      wait('wa-a', 'terminal', 'wa-b'),
    ],
    [
      'down: never from another number that is up (the primary is up here)',
      { kodeTerminal: 3, lastChatNumberId: 'wa-a', numbers: numbers({ 'wa-b': { up: false } }) },
      wait('wa-b', 'terminal'),
    ],
    [
      'a removed fallback does not send',
      { kodeTerminal: 2, numbers: numbers({ 'wa-a': { up: false, fallbackId: 'wa-c' }, 'wa-c': { up: true } }) },
      wait('wa-a', 'terminal'),
    ],
    [
      'a fallback that is not a known number does not send',
      { kodeTerminal: 2, numbers: numbers({ 'wa-a': { up: false, fallbackId: 'wa-zz' } }) },
      wait('wa-a', 'terminal'),
    ],
    // ---- unknown or removed terminal, no terminal: the last chat, else the primary
    ['no terminal, no chat: the primary', {}, send('default', 'primary')],
    ['no terminal: the number the reseller last wrote to', { lastChatNumberId: 'wa-b' }, send('wa-b', 'last_chat')],
    ['an unknown terminal: the last chat', { kodeTerminal: 77, lastChatNumberId: 'wa-a' }, send('wa-a', 'last_chat')],
    ['an unknown terminal, no chat: the primary', { kodeTerminal: 77 }, send('default', 'primary')],
    [
      "a removed number's terminal is unknown: the last chat",
      { kodeTerminal: 4, lastChatNumberId: 'wa-b', numbers: numbers({ 'wa-c': { up: true } }) },
      send('wa-b', 'last_chat'),
    ],
    [
      'the last chat was on a removed number: the primary',
      { lastChatNumberId: 'wa-c', numbers: numbers({ 'wa-c': { up: true } }) },
      send('default', 'primary'),
    ],
    ['the last chat on an unknown id: the primary', { lastChatNumberId: 'wa-gone' }, send('default', 'primary')],
    [
      'the last-chat number down: waits for it (not the primary)',
      { lastChatNumberId: 'wa-b', numbers: numbers({ 'wa-b': { up: false } }) },
      wait('wa-b', 'last_chat'),
    ],
    [
      'the primary down with a fallback up',
      { numbers: numbers({ default: { up: false, fallbackId: 'wa-a' } }) },
      send('wa-a', 'primary', 'default'),
    ],
    [
      'the primary down, no fallback: waits',
      { numbers: numbers({ default: { up: false } }) },
      wait('default', 'primary'),
    ],
    // ---- the outbox age limit
    [
      'down past the age limit: expired, even with a fallback up',
      { kodeTerminal: 2, now: T0 + 6 * HOUR, numbers: numbers({ 'wa-a': { up: false, fallbackId: 'wa-b' } }) },
      { kind: 'expired', numberId: 'wa-a', via: 'terminal' },
    ],
    [
      'a moment before the limit it still waits',
      { kodeTerminal: 2, now: T0 + 6 * HOUR - 1, numbers: numbers({ 'wa-a': { up: false } }) },
      wait('wa-a', 'terminal'),
    ],
    [
      'past the limit nothing sends, like the outbound row not_after',
      { now: T0 + 7 * HOUR },
      { kind: 'expired', numberId: 'default', via: 'primary' },
    ],
    [
      'no live number at all',
      {
        numbers: numbers({
          default: { removed: true, primary: false },
          'wa-a': { removed: true },
          'wa-b': { removed: true },
        }),
      },
      { kind: 'no_number', until: T0 + 6 * HOUR },
    ],
  ])('%s', (_name, over, expected) => {
    expect(routeOutbox(facts(over))).toEqual(expected);
  });
});
