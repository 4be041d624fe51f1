/**
 * ZIP archives that lie, written by hand for the hostile-input tests and bench:load: a part whose headers declare
 * a small size and inflate to a large one, an end record that under-counts entries, ZIP64 records. A large part is
 * deflated from a repeated chunk through a stream, so building a 100 MB bomb costs a few MB of memory.
 */
import zlib from 'node:zlib';

/** One part: its name, its deflated bytes, the CRC and size of what they inflate to. */
export interface PackedPart {
  name: string;
  packed: Buffer;
  crc: number;
  size: number;
}

/** Deflates `text`, or `chunk` repeated `times` times, keeping its CRC and real size. */
export async function packPart(name: string, text: string, repeat?: { chunk: string; times: number; tail?: string }) {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  let size = 0;
  const write = async (data: Buffer) => {
    crc = zlib.crc32(data, crc);
    size += data.length;
    if (!deflate.write(data)) await new Promise((r) => deflate.once('drain', r));
  };
  await write(Buffer.from(text));
  if (repeat) {
    const chunk = Buffer.from(repeat.chunk);
    for (let i = 0; i < repeat.times; i++) await write(chunk);
    await write(Buffer.from(repeat.tail ?? ''));
  }
  deflate.end();
  await done;
  return { name, packed: Buffer.concat(out), crc, size } satisfies PackedPart;
}

/** How an archive lies about itself. */
export interface ZipLies {
  /** The uncompressed size written in the local and central headers, instead of the real one. */
  declaredSize?: (part: PackedPart) => number;
  /** The entry count written in the end record, instead of the real one. */
  declaredEntries?: number;
  /** Write ZIP64 records (sizes in the ZIP64 extra field, a ZIP64 end record and its locator). */
  zip64?: boolean;
}

/** A ZIP of the parts, with the given lies. */
export function buildZip(parts: PackedPart[], lies: ZipLies = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const declared = lies.declaredSize?.(part) ?? part.size;
    const name = Buffer.from(part.name, 'utf8');
    const extra = lies.zip64 ? Buffer.alloc(20) : Buffer.alloc(0);
    if (lies.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(BigInt(declared), 4);
      extra.writeBigUInt64LE(BigInt(part.packed.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(lies.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc, 14);
    local.writeUInt32LE(lies.zip64 ? 0xffffffff : part.packed.length, 18);
    local.writeUInt32LE(lies.zip64 ? 0xffffffff : declared, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(lies.zip64 ? 45 : 20, 4);
    central.writeUInt16LE(lies.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(part.crc, 16);
    central.writeUInt32LE(lies.zip64 ? 0xffffffff : part.packed.length, 20);
    central.writeUInt32LE(lies.zip64 ? 0xffffffff : declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, part.packed);
    centrals.push(central, name, extra);
    offset += local.length + name.length + extra.length + part.packed.length;
  }
  const directory = Buffer.concat(centrals);
  const count = lies.declaredEntries ?? parts.length;
  const tail: Buffer[] = [];
  if (lies.zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(directory.length), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(end64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(lies.zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(lies.zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(lies.zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(lies.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, directory, ...tail, end]);
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** The package parts around word/document.xml. */
export const docxFrame = () =>
  Promise.all([packPart('[Content_Types].xml', CONTENT_TYPES), packPart('_rels/.rels', RELS)]);

/** word/document.xml holding one paragraph of `text`, or of `chunk` x `times` (a bomb when that is large). */
export function documentXml(text: string, repeat?: { chunk: string; times: number }) {
  const head = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>${text}`;
  const tail = '</w:t></w:r></w:p></w:body></w:document>';
  return repeat ? packPart('word/document.xml', head, { ...repeat, tail }) : packPart('word/document.xml', head + tail);
}
