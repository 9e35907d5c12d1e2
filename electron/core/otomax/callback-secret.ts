import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../kernel/clock';
import type { SecretStore } from '../secrets/secret-store';

/** After a rotation the old URL still works this long, so callbacks already on their way are not lost. */
export const ROTATION_GRACE_MS = 10 * 60_000;

export interface CallbackSecret {
  /** The secret in force, created (and kept in its store: keychain or sealed in the database) on first use. */
  get(): Promise<string>;
  /** The current secret, or the previous one within its grace period. Constant-time compares. */
  matches(candidate: string): Promise<boolean>;
  rotate(): Promise<string>;
  /** No store at all: the secret lasts this run only (OtomaX must be told the new URL at every start). */
  ephemeral(): boolean;
}

/** The unguessable path segment of OtomaX's callback URL. */
export function createCallbackSecret(
  secrets: Pick<SecretStore, 'get' | 'set'> | null,
  clock: Clock,
  graceMs = ROTATION_GRACE_MS,
): CallbackSecret {
  let current: string | null = null;
  let previous: { value: string; until: number } | null = null;
  const fresh = () => randomBytes(24).toString('base64url');
  let loading: Promise<string> | null = null;
  const load = async (): Promise<string> => {
    const saved = secrets ? await secrets.get('callback.secret') : null;
    if (saved) return (current = saved);
    const value = fresh();
    if (secrets) await secrets.set('callback.secret', value);
    return (current = value);
  };
  // One load for callers that arrive together, so the first run cannot mint (and store) two secrets.
  const get = (): Promise<string> => (current ? Promise.resolve(current) : (loading ??= load()));
  // Compared as SHA-256 digests (equal lengths, so timingSafeEqual applies and the length never leaks). A secret's
  // digest is kept while the secret stays the same: one hash per callback (the candidate's) instead of two, at
  // 1,000 callbacks a second (issue 15). The kept value is compared with the secret itself, never with the candidate.
  const digest = (s: string): Buffer => hash('sha256', s, 'buffer');
  const digests = new Map<string, Buffer>();
  const digestOf = (secret: string): Buffer => {
    let d = digests.get(secret);
    if (!d) {
      if (digests.size >= 4) digests.clear();
      d = digest(secret);
      digests.set(secret, d);
    }
    return d;
  };
  return {
    get,
    async matches(candidate) {
      const now = await get();
      const old = previous && clock.now() < previous.until ? previous.value : null;
      const given = digest(candidate);
      // Both compared, whatever the first answer, so timing says nothing about which one matched.
      const a = timingSafeEqual(given, digestOf(now));
      const b = old !== null && timingSafeEqual(given, digestOf(old));
      return a || b;
    },
    async rotate() {
      const old = await get();
      const value = fresh();
      if (secrets) await secrets.set('callback.secret', value);
      previous = { value: old, until: clock.now() + graceMs };
      current = value;
      return value;
    },
    // Known from the start, not after a first get(): start-up asks before anything else has.
    ephemeral: () => secrets === null,
  };
}
