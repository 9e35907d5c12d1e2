import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { useHashPage } from '../../renderer/src/hooks/useHashPage';

describe('the screen in the URL', () => {
  beforeEach(() => window.history.replaceState(null, '', '/'));

  it('a start screen landing after the owner chose a screen leaves the chosen one (the click came first)', () => {
    const { result } = renderHook(() => useHashPage());
    expect(result.current.page).toBeNull();
    // In Chromium: the render that loaded the session scheduled its effect; the owner's click on "Nomor WhatsApp"
    // runs first, then React flushes that effect (with the page it saw) before the click's own render.
    act(() => {
      result.current.go('numbers');
      result.current.land('flow');
    });
    expect(result.current.page).toBe('numbers');
    expect(window.location.hash).toBe('#/numbers');
  });

  it('without a chosen screen the window lands on its start screen and writes it in the URL', () => {
    const { result } = renderHook(() => useHashPage());
    act(() => result.current.land('pairing'));
    expect(result.current.page).toBe('pairing');
    expect(window.location.hash).toBe('#/pairing');
    act(() => result.current.go('status'));
    expect(result.current.page).toBe('status');
  });
});
