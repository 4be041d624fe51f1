// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import type { KeyboardEvent } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useRovingFocus } from '@/components/reader/use-roving-focus';

/** Reader rows as Rows renders them: li.row#p-N, each with its English cell; `hidden` as the checks' filter sets. */
function rows(hidden: readonly number[]): HTMLOListElement {
  const list = document.createElement('ol');
  for (let i = 0; i < 4; i++) {
    const li = document.createElement('li');
    li.className = 'row';
    li.id = `p-${i}`;
    li.hidden = hidden.includes(i);
    const cell = document.createElement('div');
    cell.className = 'en-text';
    cell.tabIndex = -1;
    li.append(cell);
    list.append(li);
  }
  document.body.append(list);
  return list;
}

const cellOf = (list: HTMLElement, i: number) => list.querySelector<HTMLElement>(`#p-${i} .en-text`)!;

function press(onKeyDown: (e: KeyboardEvent<HTMLElement>) => void, target: HTMLElement, key: string) {
  let prevented = false;
  const event = { key, target, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false };
  act(() => onKeyDown({ ...event, preventDefault: () => (prevented = true) } as unknown as KeyboardEvent<HTMLElement>));
  return prevented;
}

afterEach(() => document.body.replaceChildren());

describe('useRovingFocus', () => {
  it('moves with the arrow keys over the rows shown only, skipping those the checks filter hides', () => {
    const list = rows([1, 2]);
    const { result } = renderHook(() => useRovingFocus([0, 3]));
    cellOf(list, 0).focus();
    press(result.current.onKeyDown, cellOf(list, 0), 'ArrowDown');
    expect(document.activeElement).toBe(cellOf(list, 3));
    press(result.current.onKeyDown, cellOf(list, 3), 'ArrowUp');
    expect(document.activeElement).toBe(cellOf(list, 0));
    press(result.current.onKeyDown, cellOf(list, 0), 'End');
    expect(document.activeElement).toBe(cellOf(list, 3));
  });

  it('does not take the key at the last row shown, even with hidden rows after it', () => {
    const list = rows([2, 3]);
    const { result } = renderHook(() => useRovingFocus([0, 1]));
    cellOf(list, 1).focus();
    expect(press(result.current.onKeyDown, cellOf(list, 1), 'ArrowDown')).toBe(false);
    expect(document.activeElement).toBe(cellOf(list, 1));
  });

  it('makes the first row shown the Tab stop when the one last focused is hidden', () => {
    const { result, rerender } = renderHook(({ shown }) => useRovingFocus(shown), {
      initialProps: { shown: [0, 1, 2, 3] },
    });
    expect(result.current.tabStop).toBe(0);
    rerender({ shown: [2, 3] });
    expect(result.current.tabStop).toBe(2);
  });
});
