import type { OtomaxTestInput, OtomaxTestResult } from '../../../shared/dto';
import type { HandlerMap } from '../api/dispatch';
import { parseInput } from '../kernel/input';
import { otomaxTestInputSchema } from './connection-test';
import type { OtomaxHolder } from './holder';

export interface OtomaxCommandDeps {
  otomax: OtomaxHolder;
  ownCallbackUrl: () => Promise<string>;
  rotateCallback: () => Promise<string>;
  /** After OtomaX took our URL: check again, so a mismatch banner clears at once. */
  afterRegister?: () => Promise<void>;
  testOtomax: (input: OtomaxTestInput) => Promise<OtomaxTestResult>;
}

/** Testing the OtomaX connection and the outbox callback URL: show, register with OtomaX, rotate. */
export function otomaxCommands(d: OtomaxCommandDeps): HandlerMap {
  return {
    'otomax:test': (input) => d.testOtomax(parseInput(otomaxTestInputSchema, input ?? {})),
    'callback:get': async () => ({ url: await d.ownCallbackUrl() }),
    'callback:register': async () => {
      const url = await d.ownCallbackUrl();
      await d.otomax.get().setOutboxCallback(url);
      await d.afterRegister?.();
      return { url };
    },
    'callback:rotate': async () => ({ url: await d.rotateCallback() }),
  };
}
