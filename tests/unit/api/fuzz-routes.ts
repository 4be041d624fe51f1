/**
 * The API fuzzer: every route handler called in-process with generated requests (wrong types, boundary numbers,
 * unicode and lone surrogates, missing and extra fields, broken JSON, wrong content types, odd ranges and params).
 * Every answer must be a JSON error `{ error: { code, message } }` or a success of the route's shape, never a 5xx,
 * and within 5 s. Used by tests/unit/api/fuzz.test.ts (CI) and `npm run fuzz:api -- --runs N`.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { call, type RequestParts, type RouteHandler } from './requests';

/** Slowest answer accepted. */
export const ANSWER_LIMIT_MS = 5_000;

/** The documents of the fuzzing workspace (see makeWorkspace). */
export const FUZZ_SLUGS = ['faro', 'vacio-no', 'libro'];

/** A content folder and database for the handlers, set in the environment before they are first imported. */
export function makeWorkspace(dir: string): void {
  const content = path.join(dir, 'content');
  fs.mkdirSync(content, { recursive: true });
  fs.mkdirSync(path.join(dir, 'models'), { recursive: true });
  fs.writeFileSync(
    path.join(content, 'faro.md'),
    '---\ntitle: Faro\n---\n\n# El faro\n\nEl faro se encendió en 1912. Su luz se veía desde las islas.\n\nHoy es un museo con 40 mapas.\n',
  );
  fs.writeFileSync(path.join(content, 'libro.txt'), 'Capítulo I\n\n\nEra una vez un libro. Tenía dos frases.\n');
  // Files the library lists as problems, which the routes must answer for too.
  fs.writeFileSync(path.join(content, 'roto.md'), '---\ntitle: [sin cerrar\n---\n\nTexto.\n');
  fs.writeFileSync(path.join(content, 'citas.md'), '> '.repeat(5_000) + 'hola\n');
  process.env.PARALELO_CONTENT_DIR = content;
  process.env.PARALELO_DB = path.join(dir, 'paralelo.db');
  process.env.PARALELO_MODELS_DIR = path.join(dir, 'models');
  process.env.PARALELO_PRELOAD = '0';
}

// --- generators -------------------------------------------------------------------------------------------------

const weirdText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\udc00x', '\u202egpj.exe', '../../etc/passwd', '%2e%2e%2f', '<script>'),
  fc.constantFrom('a'.repeat(300), '🦊'.repeat(100), 'ñ'.repeat(5_000)),
);
const numberish = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '-1', '00', '1e3', '0x1', '9999999', '99999999999999999999', '1.5', ' 1', ''),
  fc.integer({ min: -5, max: 2_000_000_000 }).map(String),
  weirdText,
);
const slug = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FUZZ_SLUGS, 'roto', 'citas') },
  { weight: 1, arbitrary: weirdText },
);
const index = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0', '1', '2', '3') },
  { weight: 2, arbitrary: numberish },
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), weirdText), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), weirdText), { maxKeys: 3 }),
);
const KEYS = [
  'text',
  'title',
  'slug',
  'status',
  'author',
  'clientSaveId',
  'kind',
  'revisionId',
  'action',
  'nextVersion',
  'from',
  'versions',
  'dryRun',
  '__proto__',
  'constructor',
];
/** Right-looking values of the known fields, so that generated requests also reach past the first check. */
const plausible: Record<string, fc.Arbitrary<unknown>> = {
  text: fc.oneof(fc.constantFrom('The lighthouse.', 'Hola.\n\nAdiós.', ''), weirdText),
  status: fc.constantFrom('edited', 'approved', 'machine', 'EDITED'),
  author: fc.oneof(fc.constant(null), fc.constantFrom('Ana', 'Ana\u202e'), weirdText),
  clientSaveId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), weirdText),
  kind: fc.constantFrom('save', 'suggestion', 'other'),
  revisionId: fc.oneof(fc.integer({ min: -2, max: 50 }), weirdText),
  action: fc.constantFrom('join', 'pushLast', 'pullFirst', 'split'),
  nextVersion: fc.oneof(fc.constantFrom('0', '1', '"2"'), weirdText, fc.integer()),
  from: fc.oneof(fc.integer({ min: -3, max: 5_000 }), weirdText),
  versions: fc.oneof(fc.constant({ '0': '0' }), anyValue),
  dryRun: fc.oneof(fc.boolean(), anyValue),
};
const jsonObject = fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 8 }).chain((keys) =>
  fc
    .tuple(
      ...keys.map((k) =>
        fc.oneof(
          { weight: 3, arbitrary: Object.hasOwn(plausible, k) ? plausible[k]! : anyValue },
          { weight: 1, arbitrary: anyValue },
        ),
      ),
    )
    .map((vals) => {
      const o: Record<string, unknown> = {};
      keys.forEach((k, i) => Object.defineProperty(o, k, { value: vals[i], enumerable: true, writable: true }));
      return o;
    }),
);
const FILE_NAMES = [
  'a.txt',
  'a.md',
  'a.html',
  'a.docx',
  'a.tmx',
  'a.xlf',
  'a.po',
  'a.pdf',
  '',
  'x\u202etxt.exe',
  '../a.txt',
];
const FILE_BODIES = [
  'Hola, mundo.',
  '# Título\n\nUn párrafo.',
  'msgid "Hola"\nmsgstr "Hello"\n',
  '<?xml version="1.0"?><tmx version="1.4"><body><tu><tuv xml:lang="es"><seg>Hola</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu></body></tmx>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source><target>x</target></trans-unit></body></file></xliff>',
  'PK\u0003\u0004garbage',
  '> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > x',
  '\u0000\u0001\u0002',
];

/** A request body with its content type: JSON (well-formed or not), multipart, raw bytes, or none. */
const body: fc.Arbitrary<{ contentType: string | null; body: BodyInit | null }> = fc.oneof(
  { weight: 5, arbitrary: jsonObject.map((o) => ({ contentType: 'application/json', body: JSON.stringify(o) })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', '[1,2]', 'null', '"x"', '{"text":', '\ud800', '{"a":1}'.repeat(3)).map((b) => ({
      contentType: 'application/json',
      body: b,
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        name: fc.constantFrom(...FILE_NAMES),
        content: fc.oneof(fc.constantFrom(...FILE_BODIES), weirdText),
        title: fc.option(weirdText),
        text: fc.option(weirdText),
      })
      .map(({ name, content, title, text }) => {
        const form = new FormData();
        form.set('file', new File([content], name));
        if (title !== null) form.set('title', title);
        if (text !== null) form.set('text', text);
        return { contentType: null, body: form };
      }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      contentType: fc.constantFrom(
        'text/plain',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=latin1',
        '',
        '\u00ff',
      ),
      body: fc.oneof(
        weirdText,
        fc.uint8Array({ maxLength: 64 }).map((b) => b as Uint8Array<ArrayBuffer>),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ contentType: null, body: null }) },
);
const ifMatch = fc.option(fc.oneof(fc.constantFrom('"0"', '0', '"1"', 'W/"2"', '*', '"1", "2"', '""'), weirdText), {
  nil: undefined,
});

const query = (keys: string[]): fc.Arbitrary<string> =>
  keys.length === 0
    ? fc.constant('')
    : fc
        .uniqueArray(fc.constantFrom(...keys), { maxLength: keys.length })
        .chain((ks) =>
          fc.tuple(...ks.map(() => numberish)).map((vs) => ks.map((k, i) => [k, vs[i]!] as [string, string])),
        )
        .map((pairs) => {
          const search = new URLSearchParams();
          for (const [k, v] of pairs) {
            try {
              search.append(k, v);
            } catch {
              // a lone surrogate cannot be written into a URL: the client would have failed before sending
            }
          }
          const s = search.toString();
          return s ? `?${s}` : '';
        });

// --- routes -----------------------------------------------------------------------------------------------------

/** One route to fuzz: how to load its handler, and how to make a request for it. */
export interface FuzzRoute {
  name: string;
  load: () => Promise<RouteHandler>;
  request: fc.Arbitrary<{ parts: RequestParts; params: Record<string, string> }>;
  /** Checks a success's body; returns a complaint, or null. */
  success?: (body: unknown, status: number) => string | null;
  /** A form's door that answers a success with 303 to a page of the app (sign-out): the target it must name. */
  redirectsTo?: RegExp;
}

const handler = (load: () => Promise<Record<string, unknown>>, method: string) => async () => {
  const mod = await load();
  return mod[method] as RouteHandler;
};

const withBody = (
  method: string,
  pathOf: (p: Record<string, string>) => string,
  params: fc.Arbitrary<Record<string, string>>,
) =>
  fc.record({ params, body, ifMatch, q: query(['from', 'to']) }).map(({ params: p, body: b, ifMatch: m, q }) => ({
    params: p,
    parts: {
      method,
      path: pathOf(p) + q,
      headers: {
        ...(b.contentType !== null ? { 'content-type': b.contentType } : {}),
        ...(m !== undefined ? { 'if-match': m } : {}),
      },
      body: b.body,
    },
  }));

const safePath = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return 'x';
  }
};
const docPath = (p: Record<string, string>) => `/api/documents/${safePath(p.slug!)}`;
const paraPath = (p: Record<string, string>) => `${docPath(p)}/paragraphs/${safePath(p.index!)}`;
const slugParams = fc.record({ slug });
const paraParams = fc.record({ slug, index });
const isObject = (b: unknown): b is Record<string, unknown> => typeof b === 'object' && b !== null && !Array.isArray(b);
const has =
  (...keys: string[]) =>
  (b: unknown) =>
    isObject(b) && keys.every((k) => k in b) ? null : `a success without ${keys.join(', ')}`;

const get = (
  pathOf: (p: Record<string, string>) => string,
  params: fc.Arbitrary<Record<string, string>>,
  keys: string[],
) => fc.record({ params, q: query(keys) }).map(({ params: p, q }) => ({ params: p, parts: { path: pathOf(p) + q } }));

/** Every route handler of app/api, with its request generator. */
export const FUZZ_ROUTES: FuzzRoute[] = [
  {
    name: 'GET /api/documents',
    load: handler(() => import('../../../app/api/documents/route'), 'GET'),
    request: fc.constant({ params: {}, parts: { path: '/api/documents' } }),
    success: has('documents'),
  },
  {
    name: 'POST /api/documents',
    load: handler(() => import('../../../app/api/documents/route'), 'POST'),
    request: withBody('POST', () => '/api/documents', fc.constant({})),
    success: has('slug', 'title'),
  },
  {
    name: 'GET /api/documents/:slug',
    load: handler(() => import('../../../app/api/documents/[slug]/route'), 'GET'),
    request: get(docPath, slugParams, ['from', 'to']),
    success: has('slug', 'paragraphs', 'translation', 'review'),
  },
  {
    name: 'GET /api/documents/:slug/export',
    load: handler(() => import('../../../app/api/documents/[slug]/export/route'), 'GET'),
    request: fc
      .record({
        params: slugParams,
        format: fc.oneof(fc.constantFrom('tmx', 'xliff12', 'xliff20', 'md', 'html', 'txt'), weirdText),
        lang: fc.oneof(fc.constantFrom('en', 'es'), weirdText),
      })
      .map(({ params, format, lang }) => ({
        params,
        parts: { path: `${docPath(params)}/export?format=${safePath(format)}&lang=${safePath(lang)}` },
      })),
  },
  {
    name: 'GET /api/documents/:slug/paragraphs/:index',
    load: handler(() => import('../../../app/api/documents/[slug]/paragraphs/[index]/route'), 'GET'),
    request: get(paraPath, paraParams, []),
    success: has('index', 'source', 'version'),
  },
  {
    name: 'PUT /api/documents/:slug/paragraphs/:index',
    load: handler(() => import('../../../app/api/documents/[slug]/paragraphs/[index]/route'), 'PUT'),
    request: withBody('PUT', paraPath, paraParams),
    success: has('revision', 'paragraph'),
  },
  {
    name: 'POST /api/documents/:slug/paragraphs/:index/revert',
    load: handler(() => import('../../../app/api/documents/[slug]/paragraphs/[index]/revert/route'), 'POST'),
    request: withBody('POST', (p) => `${paraPath(p)}/revert`, paraParams),
    success: has('revision', 'paragraph'),
  },
  {
    name: 'POST /api/documents/:slug/paragraphs/:index/realign',
    load: handler(() => import('../../../app/api/documents/[slug]/paragraphs/[index]/realign/route'), 'POST'),
    request: withBody('POST', (p) => `${paraPath(p)}/realign`, paraParams),
    success: has('revisions', 'paragraphs'),
  },
  {
    name: 'GET /api/documents/:slug/paragraphs/:index/revisions',
    load: handler(() => import('../../../app/api/documents/[slug]/paragraphs/[index]/revisions/route'), 'GET'),
    request: get((p) => `${paraPath(p)}/revisions`, paraParams, ['limit', 'before']),
    success: has('revisions'),
  },
  {
    name: 'GET /api/documents/:slug/checks',
    load: handler(() => import('../../../app/api/documents/[slug]/checks/route'), 'GET'),
    request: get((p) => `${docPath(p)}/checks`, slugParams, []),
    success: has('findings', 'counts', 'unignoredErrors'),
  },
  {
    name: 'GET /api/documents/:slug/checks/ignores',
    load: handler(() => import('../../../app/api/documents/[slug]/checks/ignores/route'), 'GET'),
    request: get((p) => `${docPath(p)}/checks/ignores`, slugParams, ['paragraph']),
    success: has('events'),
  },
  {
    name: 'POST /api/documents/:slug/checks/ignores',
    load: handler(() => import('../../../app/api/documents/[slug]/checks/ignores/route'), 'POST'),
    request: withBody('POST', (p) => `${docPath(p)}/checks/ignores`, slugParams),
    success: has('event', 'changed'),
  },
  {
    name: 'GET /api/glossary',
    load: handler(() => import('../../../app/api/glossary/route'), 'GET'),
    request: fc.constant({ params: {}, parts: { path: '/api/glossary' } }),
    success: has('entries'),
  },
  {
    name: 'POST /api/glossary',
    load: handler(() => import('../../../app/api/glossary/route'), 'POST'),
    request: withBody('POST', () => '/api/glossary', fc.constant({})),
    success: has('entry'),
  },
  {
    name: 'PUT /api/glossary/:id',
    load: handler(() => import('../../../app/api/glossary/[id]/route'), 'PUT'),
    request: withBody('PUT', (p) => `/api/glossary/${safePath(p.id!)}`, fc.record({ id: index })),
    success: has('entry'),
  },
  {
    name: 'POST /api/glossary/import',
    load: handler(() => import('../../../app/api/glossary/import/route'), 'POST'),
    request: withBody('POST', () => '/api/glossary/import', fc.constant({})),
    success: has('added', 'updated', 'problems'),
  },
  {
    name: 'GET /api/glossary/export',
    load: handler(() => import('../../../app/api/glossary/export/route'), 'GET'),
    request: get(() => '/api/glossary/export', fc.constant({}), ['format']),
  },
  {
    name: 'POST /api/documents/:slug/translation-import',
    load: handler(() => import('../../../app/api/documents/[slug]/translation-import/route'), 'POST'),
    request: withBody('POST', (p) => `${docPath(p)}/translation-import`, slugParams),
    success: has('imported', 'conflicts', 'missing', 'links'),
  },
  {
    name: 'GET /api/documents/:slug/translation',
    load: handler(() => import('../../../app/api/documents/[slug]/translation/route'), 'GET'),
    request: get((p) => `${docPath(p)}/translation`, slugParams, []),
    success: has('job'),
  },
  {
    name: 'POST /api/documents/:slug/translation',
    load: handler(() => import('../../../app/api/documents/[slug]/translation/route'), 'POST'),
    request: withBody('POST', (p) => `${docPath(p)}/translation`, slugParams),
    success: has('job'),
  },
  {
    name: 'DELETE /api/documents/:slug/translation',
    load: handler(() => import('../../../app/api/documents/[slug]/translation/route'), 'DELETE'),
    request: get((p) => `${docPath(p)}/translation`, slugParams, []).map((r) => ({
      ...r,
      parts: { ...r.parts, method: 'DELETE' },
    })),
    success: has('job'),
  },
  {
    name: 'GET /api/documents/:slug/translation/events',
    load: handler(() => import('../../../app/api/documents/[slug]/translation/events/route'), 'GET'),
    request: get((p) => `${docPath(p)}/translation/events`, slugParams, ['from', 'to', 'only']),
  },
  {
    name: 'POST /api/memory/import',
    load: handler(() => import('../../../app/api/memory/import/route'), 'POST'),
    request: withBody('POST', () => '/api/memory/import', fc.constant({})),
    success: has('format', 'imported'),
  },
  {
    name: 'PUT /api/profile',
    load: handler(() => import('../../../app/api/profile/route'), 'PUT'),
    request: withBody('PUT', () => '/api/profile', fc.constant({})),
    success: has('user'),
  },
  {
    name: 'GET /api/session',
    load: handler(() => import('../../../app/api/session/route'), 'GET'),
    request: fc.constant({ params: {}, parts: { path: '/api/session' } }),
    success: has('mode', 'user'),
  },
  {
    name: 'POST /api/session',
    load: handler(() => import('../../../app/api/session/route'), 'POST'),
    request: withBody('POST', () => '/api/session', fc.constant({})),
  },
  {
    name: 'POST /api/session/sign-out',
    load: handler(() => import('../../../app/api/session/sign-out/route'), 'POST'),
    request: withBody('POST', () => '/api/session/sign-out', fc.constant({})),
    redirectsTo: /^\/(es|en)\/logout$/,
  },
  {
    // Last but one: it may take a fixture document out of the library, which the routes above still use.
    name: 'DELETE /api/documents/:slug',
    load: handler(() => import('../../../app/api/documents/[slug]/route'), 'DELETE'),
    request: get(docPath, slugParams, []).map((r) => ({ ...r, parts: { ...r.parts, method: 'DELETE' } })),
    success: has('deleted'),
  },
  {
    name: 'ANY /api/[[...rest]]',
    load: async () => {
      const mod = await import('../../../app/api/[[...rest]]/route');
      return async (req) => (mod[req.method as 'GET'] ?? mod.GET)(); // the handler ignores its arguments
    },
    request: fc
      .record({
        method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        rest: fc.array(weirdText, { maxLength: 4 }),
      })
      .map(({ method, rest }) => ({ params: {}, parts: { method, path: `/api/${rest.map(safePath).join('/')}` } })),
  },
];

// --- running ----------------------------------------------------------------------------------------------------

/** What a route's fuzzing found: answers by status, the slowest, and the first few problems. */
export interface FuzzReport {
  route: string;
  runs: number;
  statuses: Record<number, number>;
  slowestMs: number;
  problems: string[];
}

/** The complaint about one answer, or null when it is as the API promises; `seen` gets a JSON body. */
async function judge(
  route: FuzzRoute,
  res: Response,
  ms: number,
  seen: (body: unknown) => void,
): Promise<string | null> {
  if (ms > ANSWER_LIMIT_MS) return `took ${ms.toFixed(0)} ms`;
  if (res.status >= 500) return `answered ${res.status}: ${(await res.text()).slice(0, 200)}`;
  if (res.status === 303 && route.redirectsTo) {
    const location = res.headers.get('location') ?? '';
    return route.redirectsTo.test(location) ? null : `redirected to ${location.slice(0, 100)}`;
  }
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return res.status === 200 ? null : `an event stream with status ${res.status}`;
  }
  if (!type.startsWith('application/json')) {
    await res.body?.cancel();
    return res.status === 200 && route.name.includes('/export')
      ? null
      : `answered ${res.status} in ${type || 'no type'}`;
  }
  let parsed: unknown;
  try {
    parsed = await res.json();
  } catch {
    return `answered ${res.status} with a body that is not JSON`;
  }
  seen(parsed);
  if (res.status >= 400) {
    const error = isObject(parsed) ? parsed.error : undefined;
    return isObject(error) && typeof error.code === 'string' && typeof error.message === 'string'
      ? null
      : `an error ${res.status} without { error: { code, message } }`;
  }
  return route.success?.(parsed, res.status) ?? null;
}

/** Fuzzes one route `runs` times; never throws for what it finds, it reports it. */
export async function fuzzRoute(
  route: FuzzRoute,
  runs: number,
  seed?: number,
  contentDir?: string,
): Promise<FuzzReport> {
  const handle = await route.load();
  const report: FuzzReport = { route: route.name, runs: 0, statuses: {}, slowestMs: 0, problems: [] };
  await fc.assert(
    fc.asyncProperty(route.request, async ({ parts, params }) => {
      const started = performance.now();
      let res: Response;
      try {
        res = await call(handle, parts, params);
      } catch (err) {
        report.problems.push(`threw ${(err as Error).message} for ${parts.method ?? 'GET'} ${parts.path}`);
        return;
      }
      const ms = performance.now() - started;
      report.runs += 1;
      report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
      report.slowestMs = Math.max(report.slowestMs, ms);
      let made: unknown = null;
      const problem = await judge(route, res, ms, (b) => (made = b));
      if (problem && report.problems.length < 10)
        report.problems.push(`${problem} for ${parts.method ?? 'GET'} ${parts.path}`);
      // An import that succeeded adds a document: remove it, or every later request lists one file more.
      if (route.name === 'POST /api/documents' && res.status === 201 && contentDir && isObject(made))
        fs.rmSync(path.join(contentDir, `${String(made.slug)}.md`), { force: true });
    }),
    { numRuns: runs, ...(seed !== undefined ? { seed } : {}), endOnFailure: true },
  );
  return report;
}
