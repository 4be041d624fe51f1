import { useEffect, type RefObject } from 'react';

const CONTROLS = 'a[href], button, input, select, textarea, [contenteditable], [tabindex]:not([tabindex="-1"])';

/**
 * A disclosure that closes like a menu: on Esc with the focus anywhere in it (its button included), focus going
 * back to its button, and on a click outside it; unless that click was on another control, the focus goes back to
 * the button too, so it is not lost to the top of the page.
 */
export function useDismiss(
  root: RefObject<HTMLElement | null>,
  button: RefObject<HTMLElement | null>,
  open: boolean,
  close: () => void,
): void {
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !(e.target instanceof Node) || !root.current?.contains(e.target)) return;
      e.stopPropagation();
      close();
      button.current?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Node) || root.current?.contains(e.target)) return;
      close();
      // The click has moved the focus already: to a control clicked, which keeps it; or to the page (the body, or
      // <main> that the skip link targets), which hands it back to the button.
      const now = document.activeElement;
      if (!now || !now.matches(CONTROLS)) button.current?.focus({ preventScroll: true });
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('click', onClick, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('click', onClick, true);
    };
  }, [root, button, open, close]);
}
