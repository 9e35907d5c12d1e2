import type { SetupChecklist, SetupStep } from '../../../shared/dto';
import type { Clock } from '../kernel/clock';
import { errorMessage } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import type { OtomaxClient } from '../otomax';
import type { StateRepo } from '../db/state-repo';

export interface SetupChecklistDeps {
  whatsappOpen: () => boolean;
  otomaxConfigured: () => boolean;
  /** Any call to OtomaX (a message, a probe, a test of the saved values) has succeeded. */
  otomaxReachable: () => boolean;
  otomax: () => OtomaxClient;
  ownCallbackUrl: () => Promise<string>;
  forwarding: () => boolean;
  state: StateRepo;
  clock: Clock;
  log: Logger;
}

/**
 * The first-run checklist: WhatsApp linked, OtomaX set and tested, our callback held by OtomaX (GetOutboxCallback),
 * forwarding on. Once all are done (or the owner dismisses it) it stays gone: later trouble is a banner's job.
 */
export function createSetupChecklist(d: SetupChecklistDeps) {
  let testedOk = false;
  let callbackCheck: Promise<boolean> | null = null;

  // Ask OtomaX which URL it holds; one question at a time however many windows ask.
  const callbackHeld = (): Promise<boolean> => {
    if (!d.otomaxConfigured()) return Promise.resolve(false);
    callbackCheck ??= (async () => {
      try {
        const [held, ours] = await Promise.all([d.otomax().getOutboxCallback({ retries: 0 }), d.ownCallbackUrl()]);
        return held.url === ours;
      } catch (e) {
        d.log.debug({ err: errorMessage(e) }, 'GetOutboxCallback failed (checklist)');
        return false;
      } finally {
        callbackCheck = null;
      }
    })();
    return callbackCheck;
  };

  const get = async (): Promise<SetupChecklist> => {
    const finished = d.state.get<boolean>('setupDone') === true;
    const dismissed = d.state.get<boolean>('setupDismissed') === true;
    const configured = d.otomaxConfigured();
    const steps: SetupStep[] = [
      { id: 'whatsapp', done: d.whatsappOpen() },
      { id: 'otomax', done: configured && (testedOk || d.otomaxReachable()) },
      { id: 'callback', done: finished || dismissed ? true : await callbackHeld() },
      { id: 'forwarding', done: d.forwarding() },
    ];
    const complete = finished || steps.every((s) => s.done);
    if (complete && !finished) d.state.set('setupDone', true, d.clock.now());
    return { steps, complete, dismissed };
  };

  return {
    get,
    async dismiss(): Promise<SetupChecklist> {
      d.state.set('setupDismissed', true, d.clock.now());
      return get();
    },
    /** "Uji koneksi" with the saved values answered. */
    markTested(): void {
      testedOk = true;
    },
  };
}
