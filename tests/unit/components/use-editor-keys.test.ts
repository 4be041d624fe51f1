// @vitest-environment jsdom
import { renderHook } from '@testing-library/react';
import type { KeyboardEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useEditorKeys } from '@/components/editor/use-editor-keys';

const key = (k: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => {
  const e = {
    key: k,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    ...mods,
    preventDefault: vi.fn(),
  };
  return e as unknown as KeyboardEvent<HTMLElement> & { preventDefault: ReturnType<typeof vi.fn> };
};

function setup(mayApprove: boolean) {
  const on = { cancel: vi.fn(), approveNext: vi.fn(), save: vi.fn(), move: vi.fn() };
  const { result } = renderHook(() => useEditorKeys({ mayApprove, ...on }));
  return { on, press: result.current };
}

describe('useEditorKeys', () => {
  it('maps Escape, Ctrl/Cmd+Enter (Shift: next), Alt+Enter and Alt+arrows', () => {
    const { on, press } = setup(true);
    press(key('Escape'));
    press(key('Enter', { ctrlKey: true }));
    press(key('Enter', { metaKey: true, shiftKey: true }));
    press(key('Enter', { altKey: true }));
    press(key('ArrowDown', { altKey: true }));
    press(key('ArrowUp', { altKey: true }));
    expect(on.cancel).toHaveBeenCalledTimes(1);
    expect(on.save.mock.calls).toEqual([['close'], ['next']]);
    expect(on.approveNext).toHaveBeenCalledTimes(1);
    expect(on.move.mock.calls).toEqual([[1], [-1]]);
  });

  it('leaves other keys alone, and Alt+Enter to those who may not approve', () => {
    const { on, press } = setup(false);
    const plain = key('Enter');
    press(plain);
    press(key('Enter', { altKey: true }));
    press(key('a', { ctrlKey: true }));
    expect(plain.preventDefault).not.toHaveBeenCalled();
    expect([on.cancel, on.approveNext, on.save, on.move].every((f) => f.mock.calls.length === 0)).toBe(true);
  });
});
