/** Beyond this the owner is warned: `_exp` (WhatsApp time + 30 s) is judged by the PC clock. */
export const CLOCK_WARN_MS = 10_000;
const WINDOW_MS = 15 * 60_000;
const MAX_SAMPLES = 50;
/** One late message alone (queued while we were away) must not raise a warning. */
const MIN_SAMPLES = 3;

export interface ClockOffsetMeter {
  /** A live message: WhatsApp's timestamp (ms, whole seconds) and the PC time it arrived. */
  sample(serverMs: number, localMs: number): void;
  /** PC minus WhatsApp time in ms (positive = PC fast), or null before enough samples. */
  offsetMs(): number | null;
}

/**
 * PC clock vs WhatsApp's server time, from the timestamps of messages as they arrive. Each sample is
 * offset + delivery delay (≥ 0) + up to 1 s of rounding, so the smallest recent sample is the best estimate
 * (whatever the sign). Old samples age out, so a corrected clock is seen within minutes.
 */
export function createClockOffsetMeter(): ClockOffsetMeter {
  let samples: { at: number; diff: number }[] = [];
  return {
    sample(serverMs, localMs) {
      samples.push({ at: localMs, diff: localMs - serverMs });
      samples = samples.filter((s) => localMs - s.at < WINDOW_MS && s.at <= localMs).slice(-MAX_SAMPLES);
    },
    offsetMs() {
      if (samples.length < MIN_SAMPLES) return null;
      return Math.min(...samples.map((s) => s.diff));
    },
  };
}

/** Shown offsets move in whole seconds, so the status is not re-sent for every message. */
export const roundOffset = (ms: number): number => Math.round(ms / 1000) * 1000;
