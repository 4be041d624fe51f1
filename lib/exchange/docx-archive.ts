/**
 * The parts of a DOCX that the import reads, inflated with a cap on the bytes that really come out. A ZIP's own
 * declarations cannot be trusted: an end record that under-counts entries, or a header that says a part is small,
 * had mammoth (through JSZip) inflate 1.18 GB of a small upload. yauzl reads the central directory (ZIP64 too) and
 * checks every part's real size against its declaration as it inflates; on top of that the bytes are counted here
 * and the read stops at the cap. Only text parts are kept (no media), and mammoth is handed a new archive made of
 * just what was read, so it never meets a byte that was not counted.
 */
import { zipSync } from 'fflate';
import yauzl from 'yauzl';

/** Most bytes the text parts of one DOCX may inflate to, all together. */
export const MAX_DOCX_UNCOMPRESSED = 64 * 1024 * 1024;
/** Most entries read from one archive's central directory. */
export const MAX_DOCX_ENTRIES = 5_000;

// What mammoth reads for the text: the package's parts list and relationships, and word/'s XML (document, styles,
// numbering, footnotes, comments...). Media, fonts and embedded objects are never inflated.
const TEXT_PART = /^(?:\[Content_Types\]\.xml|_rels\/\.rels|word\/[^/]+\.xml|word\/_rels\/[^/]+\.rels)$/;

export type DocxArchive = { ok: true; archive: Uint8Array } | { ok: false; message: string };

const refuse = (message: string): DocxArchive => ({ ok: false, message });

function openZip(bytes: Uint8Array): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true },
      (err, zip) => (err || !zip ? reject(err ?? new Error('no archive')) : resolve(zip)),
    ),
  );
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number): Promise<Uint8Array | 'over'> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error('unreadable entry'));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > budget) {
          stream.destroy();
          resolve('over');
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks, size))));
    });
  });
}

/** Reads a DOCX's text parts within MAX_DOCX_UNCOMPRESSED real bytes into a clean archive for mammoth. */
export async function readDocxArchive(bytes: Uint8Array, limit = MAX_DOCX_UNCOMPRESSED): Promise<DocxArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (err) {
    return refuse(`it is not a DOCX file (${(err as Error).message})`);
  }
  const parts: Record<string, Uint8Array> = {};
  let used = 0;
  let entries = 0;
  const over = () =>
    refuse(`it unpacks to more than ${limit} bytes of text, over the limit; a zip bomb, or a document to split`);
  try {
    const outcome = await new Promise<DocxArchive | null>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve(null));
      zip.on('entry', (entry: yauzl.Entry) => {
        entries += 1;
        if (entries > MAX_DOCX_ENTRIES) return resolve(refuse(`it has more than ${MAX_DOCX_ENTRIES} parts`));
        const name = entry.fileName;
        if (!TEXT_PART.test(name)) return zip.readEntry();
        if (name in parts) return resolve(refuse(`it holds two parts named ${name}`));
        // The declaration is a first filter only; the bytes that come out are what counts.
        if (entry.uncompressedSize > limit - used) return resolve(over());
        readEntry(zip, entry, limit - used).then((data) => {
          if (data === 'over') return resolve(over());
          used += data.byteLength;
          parts[name] = data;
          zip.readEntry();
        }, reject);
      });
      zip.readEntry();
    });
    if (outcome) return outcome;
  } catch (err) {
    return refuse(`it cannot be read as a DOCX file (${(err as Error).message.split('\n')[0]})`);
  } finally {
    zip.close();
  }
  if (!parts['word/document.xml']) return refuse('it is not a Word document (no word/document.xml)');
  // Stored, not compressed again: mammoth reads it at once, and deflating would only cost time.
  return { ok: true, archive: zipSync(parts, { level: 0 }) };
}
