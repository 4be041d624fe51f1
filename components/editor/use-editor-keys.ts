import type { KeyboardEvent } from 'react';

type Keys = {
  mayApprove: boolean;
  /** Escape. */
  cancel: () => void;
  /** Alt+Enter: approve, then open the next paragraph to review. */
  approveNext: () => void;
  /** Ctrl/Cmd+Enter saves and closes; with Shift, saves and opens the next paragraph. */
  save: (then: 'close' | 'next') => void;
  /** Alt+ArrowDown / Alt+ArrowUp: the next or previous paragraph, the text kept as a draft. */
  move: (delta: 1 | -1) => void;
};

/** The editor's keyboard map, as one keydown handler for the editor's group. */
export function useEditorKeys({ mayApprove, cancel, approveNext, save, move }: Keys) {
  return (e: KeyboardEvent<HTMLElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (mayApprove && e.altKey && !mod && !e.shiftKey && e.key === 'Enter') {
      e.preventDefault();
      approveNext();
    } else if (mod && e.key === 'Enter') {
      e.preventDefault();
      save(e.shiftKey ? 'next' : 'close');
    } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    }
  };
}
