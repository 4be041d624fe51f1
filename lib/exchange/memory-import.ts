import type { ImportedMemoryEntry } from '../store/types';
import { normalizeSentenceKey } from '../text/normalize';
import { splitSentences } from '../text/sentences';
import { decodeText, type TextEncodingName } from '../content/decode-text';
import { MAX_IMPORT_BYTES } from './limits';
import { readTranslationFile, type TranslationFileFormat } from './read-units';

export type { ImportedMemoryEntry };

// A sentence end (., !, ?, …) and its closing quotes or brackets, then a space: where a second sentence could start.
const MAYBE_SEVERAL = /[.!?…]['"»”’)\]]*\s\S/u;

export type SkipReason = 'untranslated' | 'empty' | 'testModel' | 'header' | 'language' | 'duplicate';

export type MemoryFileResult =
  | {
      ok: true;
      format: TranslationFileFormat;
      entries: ImportedMemoryEntry[];
      skipped: Record<SkipReason, number>;
      encoding: TextEncodingName;
    }
  | { ok: false; code: 'too_large' | 'binary' | 'unprocessable'; message: string }
  | { ok: false; code: 'encoding'; message: string; line: number };

/**
 * Reads a TMX, XLIFF or PO file into memory entries. Skipped, and counted by reason: units without English, empty ones,
 * test-model output (never a translation), translate-toolkit's PO header unit, units in other languages, and
 * repeats of a source already read (the first one is kept).
 */
export function readMemoryFile(bytes: Uint8Array, fileName: string): MemoryFileResult {
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    return {
      ok: false,
      code: 'too_large',
      message: `${fileName} is ${bytes.byteLength} bytes, over the import limit of ${MAX_IMPORT_BYTES} bytes (10 MB).`,
    };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ...decoded, message: `${fileName}: ${decoded.message}.` };
  const read = readTranslationFile(decoded.text);
  if (!read.ok) {
    // A .po that is not one was sniffed as XML: say what a PO file should hold instead.
    const message =
      /\.pot?$/iu.test(fileName) && read.code === 'not_xml'
        ? 'not a PO file (no msgid entry found); Paralelo reads TMX, XLIFF and PO files'
        : read.message;
    return { ok: false, code: 'unprocessable', message: `${fileName}: ${message}.` };
  }
  const skipped: Record<SkipReason, number> = {
    untranslated: 0,
    empty: 0,
    testModel: 0,
    header: read.skipped.header,
    language: read.skipped.language,
    duplicate: 0,
  };
  const seen = new Set<string>();
  const entries: ImportedMemoryEntry[] = [];
  for (const unit of read.units) {
    if (unit.testModel) skipped.testModel += 1;
    else if (unit.target === null) skipped.untranslated += 1;
    else {
      const sourceKey = normalizeSentenceKey(unit.source);
      const target = unit.target.trim();
      if (!sourceKey || !target) skipped.empty += 1;
      else {
        // Segmenting is the costly part of reading a large file: a source with no sentence end followed by more text
        // is one sentence without asking.
        const level = MAYBE_SEVERAL.test(sourceKey) && splitSentences(sourceKey).length > 1 ? 'paragraph' : 'sentence';
        const key = `${level}\u0000${sourceKey}`;
        if (seen.has(key)) skipped.duplicate += 1;
        else {
          seen.add(key);
          entries.push({ level, sourceKey, target, approved: unit.status === 'approved' });
        }
      }
    }
  }
  return { ok: true, format: read.format, entries, skipped, encoding: decoded.encoding };
}
