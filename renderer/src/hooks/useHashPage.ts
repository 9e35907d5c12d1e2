import { useCallback, useEffect, useState } from 'react';

export const PAGES = ['pairing', 'numbers', 'flow', 'status', 'settings', 'broadcast'] as const;
export type PageId = (typeof PAGES)[number];

function fromHash(hash: string): PageId | null {
  const name = hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(name) ? (name as PageId) : null;
}

/** The open screen lives in the URL hash, so a reload (or the tray's "open status") lands on the same screen. */
export function useHashPage(): [PageId | null, (p: PageId) => void] {
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
  return [page, go];
}
