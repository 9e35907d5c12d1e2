import type { Banner, OverallState, SetupChecklist } from '../../../shared/dto';
import type { HandlerMap } from '../api/dispatch';

export interface StatusCommandDeps {
  banners: () => Banner[];
  overall: () => OverallState;
  checklist: { get: () => Promise<SetupChecklist>; dismiss: () => Promise<SetupChecklist> };
}

/** The one overall state, the banners and the first-run checklist. */
export function statusCommands(d: StatusCommandDeps): HandlerMap {
  return {
    'banners:get': async () => d.banners(),
    'setup:checklist': () => d.checklist.get(),
    'setup:dismiss': () => d.checklist.dismiss(),
    'overall:get': async () => d.overall(),
  };
}
