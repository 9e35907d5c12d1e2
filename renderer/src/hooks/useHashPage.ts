import { useCallback, useEffect, useState } from 'react';

export const PAGES = ['pairing', 'numbers', 'flow', 'status', 'settings', 'broadcast'] as const;
export type PageId = (typeof PAGES)[number];

function fromHash(hash: string): PageId | null {
  const name = hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(name) ? (name as PageId) : null;
}

export interface HashPage {
  /** The screen in the URL, null until one is chosen. */
  page: PageId | null;
  /** The owner (or a button) opens a screen. */
  go: (p: PageId) => void;
  /**
   * The window settles on its start screen, unless a screen was chosen meanwhile. It reads the URL as it is now,
   * not as it was at the last render: an effect that ran after a click (React flushes a render's effects before the
   * click's own render) used to take the owner back to the start screen.
   */
  land: (p: PageId) => void;
}

/** The open screen lives in the URL hash, so a reload (or the tray's "open status") lands on the same screen. */
export function useHashPage(): HashPage {
  const [page, setPage] = useState<PageId | null>(() => fromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setPage(fromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((p: PageId) => {
    // replaceState keeps ?token= and does not stack history entries for every tab click.
    window.history.replaceState(null, '', `#/${p}`);
    setPage(p);
  }, []);
  const land = useCallback((p: PageId) => {
    if (fromHash(window.location.hash)) return;
    window.history.replaceState(null, '', `#/${p}`);
    setPage((chosen) => chosen ?? p);
  }, []);
  return { page, go, land };
}
