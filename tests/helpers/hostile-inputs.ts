/**
 * The hostile inputs of issue 15, made on demand (no binary fixtures): what the hostile-input tests feed the route
 * handlers and what bench:load sends to a running server. Each names the door it goes through.
 */
import { buildZip, documentXml, docxFrame } from './hostile-zip';

const MB = 1024 * 1024;

/** A request body and where it goes: a document import, a memory import or a translation import. */
export interface HostileInput {
  name: string;
  route: 'import' | 'memory' | 'translation';
  fileName: string;
  bytes: () => Promise<Uint8Array> | Uint8Array;
}

const text = (s: string) => new TextEncoder().encode(s);

/** A PO file of `entries` entries (1,000,000 of them is over 20 MB). */
export function poFile(entries: number): Uint8Array {
  const parts = ['msgid ""\nmsgstr ""\n"Language: en\\n"\n'];
  for (let i = 0; i < entries; i++) parts.push(`msgid "Frase ${i}."\nmsgstr "Sentence ${i}."\n`);
  return text(parts.join('\n'));
}

/** Entity expansion ("billion laughs") and an external entity in a DOCTYPE, for any XML format. */
export function entityDoctype(root: string): string {
  const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
  return `<!DOCTYPE ${root} [<!ENTITY l0 "lol">${levels}<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`;
}

/** A TMX whose one unit refers to the expanded and the external entity. */
export const tmxWithEntities = () =>
  text(
    `<?xml version="1.0"?>${entityDoctype('tmx')}<tmx version="1.4"><header srclang="es"/><body><tu><tuv xml:lang="es"><seg>Hola &l9; &xxe;</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>`,
  );

/** An XLIFF 1.2 file with the same entities. */
export const xliffWithEntities = () =>
  text(
    `<?xml version="1.0"?>${entityDoctype('xliff')}<xliff version="1.2"><file source-language="es" target-language="en"><body><trans-unit id="1"><source>Hola &l9; &xxe;</source><target>Hello</target></trans-unit></body></file></xliff>`,
  );

/** An HTML page with the same entities (HTML has no DTD, but a parser that read one would expand them). */
export const htmlWithEntities = () =>
  text(`<?xml version="1.0"?>${entityDoctype('html')}<html><body><p>Hola &l9; &xxe; fin.</p></body></html>`);

/** A 5 MB paragraph without any punctuation. */
export const noPunctuation = (bytes = 5 * MB) => text('palabra '.repeat(Math.floor(bytes / 8)));

/** A 5 MB line of "a. a. a.". */
export const shortSentences = (bytes = 5 * MB) => text('a. '.repeat(Math.floor(bytes / 3)));

/** Markdown nested `depth` quotes deep on one line. */
export const nestedQuotes = (depth: number) => text('> '.repeat(depth) + 'hola\n');

/** Markdown whose nesting grows a level per line (the probe's 2 MB case: 24 s and 5.3 GB). */
export const growingNesting = (lines = 1_500) =>
  text(Array.from({ length: lines }, (_, i) => '> '.repeat(i) + 'x').join('\n'));

/** A DOCX whose document.xml inflates to `mb` MB, with honest headers, lying ones, or an under-counting end record. */
export async function docxBomb(mb: number, lie: 'none' | 'sizes' | 'entries' | 'zip64' = 'none'): Promise<Uint8Array> {
  const parts = [...(await docxFrame()), await documentXml('Hola ', { chunk: 'a'.repeat(MB), times: mb })];
  const small = (p: { name: string; size: number }) => (p.name === 'word/document.xml' ? 1000 : p.size);
  return buildZip(parts, {
    ...(lie === 'sizes' || lie === 'zip64' ? { declaredSize: small } : {}),
    ...(lie === 'zip64' ? { zip64: true } : {}),
    ...(lie === 'entries' ? { declaredEntries: 2 } : {}),
  });
}

/** Every hostile file of the issue, with the door it goes through. */
export const HOSTILE_INPUTS: HostileInput[] = [
  { name: 'DOCX zip bomb (100 MB document.xml)', route: 'import', fileName: 'bomb.docx', bytes: () => docxBomb(100) },
  { name: 'DOCX bomb, sizes that lie', route: 'import', fileName: 'lies.docx', bytes: () => docxBomb(300, 'sizes') },
  { name: 'DOCX bomb, ZIP64 records', route: 'import', fileName: 'zip64.docx', bytes: () => docxBomb(300, 'zip64') },
  {
    name: 'DOCX bomb, end record under-counts',
    route: 'import',
    fileName: 'hidden.docx',
    bytes: () => docxBomb(300, 'entries'),
  },
  { name: 'TMX with XXE and billion laughs', route: 'memory', fileName: 'laughs.tmx', bytes: tmxWithEntities },
  { name: 'XLIFF with XXE and billion laughs', route: 'memory', fileName: 'laughs.xlf', bytes: xliffWithEntities },
  { name: 'HTML with XXE and billion laughs', route: 'import', fileName: 'laughs.html', bytes: htmlWithEntities },
  { name: 'PO of 200,000 entries (9 MB)', route: 'memory', fileName: 'big.po', bytes: () => poFile(200_000) },
  { name: 'PO of 1,000,000 entries', route: 'memory', fileName: 'million.po', bytes: () => poFile(1_000_000) },
  { name: 'Markdown: > x 100,000', route: 'import', fileName: 'quotes.md', bytes: () => nestedQuotes(100_000) },
  { name: 'Markdown: growing nesting, 2 MB', route: 'import', fileName: 'growing.md', bytes: () => growingNesting() },
  { name: '5 MB paragraph, no punctuation', route: 'import', fileName: 'nopunct.txt', bytes: () => noPunctuation() },
  { name: '5 MB line of "a. a. a."', route: 'import', fileName: 'dots.txt', bytes: () => shortSentences() },
  {
    name: 'Translation import: 5 MB English, no punctuation',
    route: 'translation',
    fileName: 'nopunct.en.txt',
    bytes: () => noPunctuation(),
  },
  {
    name: 'Translation import: 5 MB of "a. a. a."',
    route: 'translation',
    fileName: 'dots.en.txt',
    bytes: () => shortSentences(),
  },
];
