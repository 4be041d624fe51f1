/**
 * Every keyboard shortcut of the reader and the editor, for the shortcuts dialog. Each names its keys (shown as
 * <kbd>) and the catalog entry (comfort.shortcuts.<id>) that says what it does. Where they are handled:
 * components/reader/sentence-links.ts (arrows, Home/End, Esc on a sentence), components/editor/EnglishCell.tsx
 * (Enter, E), components/editor/ParagraphEditor.tsx (the editor's), ShortcutsDialog.tsx (?),
 * components/reader/read-aloud/ReadAloudControls.tsx (read aloud). Keep them in step.
 */
export type ShortcutId =
  | 'help'
  | 'closeMenu'
  | 'nextParagraph'
  | 'firstLast'
  | 'sentences'
  | 'backToParagraph'
  | 'edit'
  | 'save'
  | 'saveNext'
  | 'approveNext'
  | 'move'
  | 'cancel'
  | 'readFromHere'
  | 'readParagraph'
  | 'readPause'
  | 'readStop'
  | 'readSpeed';
export type Shortcut = { id: ShortcutId; keys: string[][] };
export type ShortcutGroup = { id: 'page' | 'reader' | 'readAloud' | 'editor'; shortcuts: Shortcut[] };

/** "Mod" is Ctrl, or ⌘ on a Mac; the dialog shows it in the person's language ("Ctrl/⌘"). */
export const SHORTCUTS: ShortcutGroup[] = [
  {
    id: 'page',
    shortcuts: [
      { id: 'help', keys: [['?']] },
      { id: 'closeMenu', keys: [['Esc']] },
    ],
  },
  {
    id: 'reader',
    shortcuts: [
      { id: 'nextParagraph', keys: [['↓'], ['↑']] },
      { id: 'firstLast', keys: [['Home'], ['End']] },
      { id: 'sentences', keys: [['→'], ['←']] },
      { id: 'backToParagraph', keys: [['Esc']] },
      { id: 'edit', keys: [['Enter'], ['E']] },
    ],
  },
  {
    id: 'readAloud',
    shortcuts: [
      { id: 'readFromHere', keys: [['R']] },
      { id: 'readParagraph', keys: [['Shift', 'R']] },
      { id: 'readPause', keys: [['P']] },
      { id: 'readStop', keys: [['S']] },
      { id: 'readSpeed', keys: [['+'], ['-']] },
    ],
  },
  {
    id: 'editor',
    shortcuts: [
      { id: 'save', keys: [['Mod', 'Enter']] },
      { id: 'saveNext', keys: [['Mod', 'Shift', 'Enter']] },
      { id: 'approveNext', keys: [['Alt', 'Enter']] },
      {
        id: 'move',
        keys: [
          ['Alt', '↓'],
          ['Alt', '↑'],
        ],
      },
      { id: 'cancel', keys: [['Esc']] },
    ],
  },
];

/** Whether a key press is typing (in a field or editable text), where a one-key shortcut must not fire. */
export function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  return (
    (target as Element).closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null
  );
}
