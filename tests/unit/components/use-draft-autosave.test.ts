// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readDraft, writeDraft } from '@/components/common/drafts';
import { useDraftAutosave } from '@/components/editor/use-draft-autosave';

describe('useDraftAutosave', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('writes what was typed within 400 ms, once for a burst of typing', () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const { result } = renderHook(() => useDraftAutosave('doc', 2));
    act(() => {
      result.current.record({ version: '1', text: 'Th', savedText: 'Old.' });
      result.current.record({ version: '1', text: 'The', savedText: 'Old.' });
    });
    expect(readDraft('doc', 2)).toBeNull();
    act(() => vi.advanceTimersByTime(400));
    expect(readDraft('doc', 2)).toMatchObject({ version: '1', text: 'The' });
    expect(setItem).toHaveBeenCalledTimes(1);
    setItem.mockRestore();
  });

  it('removes the draft when the text went back to what is saved', () => {
    writeDraft({ slug: 'doc', index: 2, version: '1', text: 'Typed.', savedAt: 1 });
    const { result } = renderHook(() => useDraftAutosave('doc', 2));
    act(() => {
      result.current.record({ version: '1', text: 'Old.', savedText: 'Old.' });
      result.current.flush();
    });
    expect(readDraft('doc', 2)).toBeNull();
  });

  it('writes the waiting draft when the page is hidden and when the editor closes', () => {
    const { result, unmount } = renderHook(() => useDraftAutosave('doc', 2));
    act(() => result.current.record({ version: '1', text: 'Almost.', savedText: 'Old.' }));
    act(() => void window.dispatchEvent(new Event('pagehide')));
    expect(readDraft('doc', 2)?.text).toBe('Almost.');
    act(() => result.current.record({ version: '1', text: 'Almost done.', savedText: 'Old.' }));
    unmount();
    expect(readDraft('doc', 2)?.text).toBe('Almost done.');
  });

  it('after a conflict writes the text on their version, and the old write never lands', () => {
    const { result } = renderHook(() => useDraftAutosave('doc', 2));
    act(() => {
      result.current.record({ version: '1', text: 'Mine.', savedText: 'Old.' });
      result.current.writeNow('2', 'Mine.');
    });
    act(() => vi.advanceTimersByTime(1000));
    expect(readDraft('doc', 2)).toMatchObject({ version: '2', text: 'Mine.' });
    expect(Object.keys(localStorage).filter((k) => k.includes(':2:'))).toHaveLength(1);
    act(() => result.current.forget());
    expect(readDraft('doc', 2)).toBeNull();
  });
});
