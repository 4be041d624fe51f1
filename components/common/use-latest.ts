import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * A ref that holds the latest value, written after each render (never during it), for event handlers and stable
 * callbacks that must see this render's props. Code that runs in effects uses useEffectEvent instead.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
