import type { OverallState } from '../../../shared/dto';
import { sameOverall } from './overall';

/** Keeps the overall state last told and says when it changes (the window and the tray are told only then). */
export function createOverallTracker(
  compute: () => OverallState,
  changed: (next: OverallState, prev: OverallState) => void,
) {
  let shown: OverallState = compute();
  return {
    current(): OverallState {
      this.refresh();
      return shown;
    },
    refresh() {
      const next = compute();
      if (sameOverall(next, shown)) return;
      const prev = shown;
      shown = next;
      changed(next, prev);
    },
  };
}
