/** Largest file or pasted text accepted by an import (web and CLI): 10 MB. Larger ones are refused, never cut. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** Longest title kept; longer ones are cut at a word. */
export const MAX_TITLE_LENGTH = 200;

/** Accepted file name endings of a document import, for messages and the file input's accept attribute. */
export const IMPORT_EXTENSIONS = ['.txt', '.md', '.html', '.htm', '.docx', '.epub'] as const;
