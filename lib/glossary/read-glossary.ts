/**
 * A glossary file, TBX or CSV, told apart by its name and, failing that, by its first character. Pure: the door
 * reads the file (within MAX_GLOSSARY_BYTES) and hands over its bytes.
 */
import { readGlossaryCsv } from './csv';
import { MAX_GLOSSARY_BYTES, readError, type GlossaryReadResult } from './entries';
import { readGlossaryTbx } from './tbx';

/** Reads a glossary file's bytes: TBX for .tbx/.xml, CSV for .csv/.tsv/.txt, else by content. */
export function readGlossary(bytes: Uint8Array, fileName: string): GlossaryReadResult {
  if (bytes.byteLength > MAX_GLOSSARY_BYTES) {
    return readError('too_large', `larger than ${MAX_GLOSSARY_BYTES} bytes`, { max: MAX_GLOSSARY_BYTES });
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/u, '');
  const extension = /\.([^./\\]+)$/u.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (extension === 'tbx' || extension === 'xml') return readGlossaryTbx(text);
  if (extension === 'csv' || extension === 'tsv' || extension === 'txt') return readGlossaryCsv(text);
  if (/^\s*</u.test(text)) return readGlossaryTbx(text);
  return readError('unknown_format', `${fileName} is neither .tbx nor .csv`, { file: fileName });
}
