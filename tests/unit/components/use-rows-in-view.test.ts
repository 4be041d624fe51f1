// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useRowsInView } from '@/components/reader/use-rows-in-view';

type Callback = (entries: Partial<IntersectionObserverEntry>[]) => void;
const observers: { callback: Callback; observed: Element[]; disconnected: boolean }[] = [];

class FakeObserver {
  private readonly me: (typeof observers)[number];
  constructor(callback: Callback) {
    this.me = { callback, observed: [], disconnected: false };
    observers.push(this.me);
  }
  observe(el: Element) {
    this.me.observed.push(el);
  }
  disconnect() {
    this.me.disconnected = true;
  }
}

function rows(count: number): HTMLOListElement {
  const list = document.createElement('ol');
  for (let i = 0; i < count; i++) {
    const li = document.createElement('li');
    li.className = 'row';
    li.id = `p-${i}`;
    list.append(li);
  }
  return list;
}

const seen = (el: Element, height: number) => ({
  target: el,
  isIntersecting: height > 0 || el.id === 'p-0',
  intersectionRect: { height } as DOMRectReadOnly,
});

describe('useRowsInView', () => {
  beforeEach(() => {
    observers.length = 0;
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reports the rows on screen in reading order once they settle, leaving out one that only touches the edge', () => {
    const list = { current: rows(6) };
    const settled = vi.fn();
    renderHook(() => useRowsInView(list, true, settled));
    const [observer] = observers;
    expect(observer?.observed).toHaveLength(6);
    const li = (i: number) => list.current.children[i]!;
    act(() => observer!.callback([seen(li(4), 30), seen(li(3), 50), seen(li(0), 0)]));
    act(() => vi.advanceTimersByTime(200));
    act(() => observer!.callback([seen(li(5), 10), seen(li(4), 0)]));
    expect(settled).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(400));
    expect(settled.mock.calls).toEqual([[[3, 5]]]);
  });

  it('watches nothing while inactive, and stops watching when it becomes inactive', () => {
    const list = { current: rows(3) };
    const { rerender } = renderHook(({ active }) => useRowsInView(list, active, () => {}), {
      initialProps: { active: false },
    });
    expect(observers).toHaveLength(0);
    rerender({ active: true });
    expect(observers).toHaveLength(1);
    rerender({ active: false });
    expect(observers[0]?.disconnected).toBe(true);
  });
});
