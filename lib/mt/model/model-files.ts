import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import type { ModelDtype, ModelSpec } from './registry';
import { MANIFEST_FILE } from './registry';

/** One file recorded in a manifest. */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

/** models/<id>/paralelo-manifest.json: what was fetched (or adopted), so later corruption is detectable. */
export interface ModelManifest {
  modelId: string;
  dtype: ModelDtype;
  /** Base URL the files came from, or "local" when adopted from files copied in by hand. */
  source: string;
  files: ManifestFile[];
  fetchedAt: string;
}

export type FileProblem =
  | { file: string; kind: 'missing' }
  | { file: string; kind: 'size'; expected: number; actual: number }
  | { file: string; kind: 'sha256'; expected: string; actual: string }
  | { file: string; kind: 'unlisted' };

/** Result of checking an installed model; `ok` means the pipeline may load it. */
export type ModelCheck =
  | { status: 'verified'; ok: true; manifest: ModelManifest; bytes: number; problems: [] }
  /** All files present but no manifest yet (copied in by hand): loadable, not verified. */
  | { status: 'unverified'; ok: true; bytes: number; problems: FileProblem[] }
  | { status: 'missing'; ok: false; problems: FileProblem[]; bytes: number }
  | { status: 'corrupt'; ok: false; problems: FileProblem[]; bytes: number };

export const FETCH_COMMAND = 'npx paralelo model fetch';
export const ADOPT_COMMAND = 'npx paralelo model verify --adopt';

/** SHA-256 (hex) and size of a file, streamed so large weights never sit in memory. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    size += buf.length;
    hash.update(buf);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Reads the manifest of a model folder; null when absent or unreadable (treated as "not verified"). */
export async function readManifest(dir: string): Promise<ModelManifest | null> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<ModelManifest>;
    if (typeof value.modelId !== 'string' || !Array.isArray(value.files)) return null;
    return value as ModelManifest;
  } catch {
    return null;
  }
}

/** Writes the manifest atomically (temp file, fsync, rename) so a crash never leaves half a manifest. */
export async function writeManifest(dir: string, manifest: ModelManifest): Promise<void> {
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
}

/** Writes a file via <file>.tmp + fsync + rename. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
}

async function statSize(file: string): Promise<number | null> {
  try {
    const st = await fs.stat(file);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** Checks every file the pipeline needs: present, and (with a manifest) same size and SHA-256. */
export async function checkModelFiles(spec: ModelSpec, options: { hash?: boolean } = {}): Promise<ModelCheck> {
  const hash = options.hash ?? true;
  const manifest = await readManifest(spec.dir);
  const missing: FileProblem[] = [];
  const corrupt: FileProblem[] = [];
  const unlisted: FileProblem[] = [];
  let bytes = 0;
  for (const file of spec.files) {
    const size = await statSize(path.join(spec.dir, file));
    if (size === null) {
      missing.push({ file, kind: 'missing' });
      continue;
    }
    bytes += size;
    const entry = manifest?.files.find((f) => f.path === file);
    if (!entry) {
      unlisted.push({ file, kind: 'unlisted' });
      continue;
    }
    if (entry.size !== size) {
      corrupt.push({ file, kind: 'size', expected: entry.size, actual: size });
      continue;
    }
    if (hash) {
      const actual = (await hashFile(path.join(spec.dir, file))).sha256;
      if (actual !== entry.sha256) corrupt.push({ file, kind: 'sha256', expected: entry.sha256, actual });
    }
  }
  if (missing.length > 0) return { status: 'missing', ok: false, problems: [...missing, ...corrupt], bytes };
  if (corrupt.length > 0) return { status: 'corrupt', ok: false, problems: corrupt, bytes };
  if (manifest === null || unlisted.length > 0) return { status: 'unverified', ok: true, bytes, problems: unlisted };
  return { status: 'verified', ok: true, manifest, bytes, problems: [] };
}

/** Turns a failed check into the EngineError a user sees: names the file and the command to run. */
export function checkToError(spec: ModelSpec, check: ModelCheck): EngineError | null {
  if (check.ok) return null;
  const first = check.problems[0];
  const file = first?.file ?? spec.files[0] ?? 'config.json';
  const where = path.join(/*turbopackIgnore: true*/ spec.dir, file);
  if (check.status === 'missing') {
    const names = check.problems.filter((p) => p.kind === 'missing').map((p) => p.file);
    return new EngineError(
      'model_missing',
      `Model ${spec.modelId} (${spec.dtype}) is not installed: missing ${names.join(', ')} in ${spec.dir}. ` +
        `Run \`${FETCH_COMMAND}\`, or copy the files into ${spec.dir} and run \`${ADOPT_COMMAND}\`.`,
      { details: { modelId: spec.modelId, file, dir: spec.dir, command: FETCH_COMMAND, files: names } },
    );
  }
  const what =
    first?.kind === 'size' ? `size ${first.actual} bytes, expected ${first.expected}` : 'SHA-256 does not match';
  return new EngineError(
    'model_corrupt',
    `Model file ${where} is corrupt (${what}). Run \`${FETCH_COMMAND}\` to download it again.`,
    { details: { modelId: spec.modelId, file, dir: spec.dir, command: FETCH_COMMAND } },
  );
}

/** Records the files present now as the manifest (for files copied in by hand); fails if any is missing. */
export async function adoptModel(spec: ModelSpec): Promise<ModelManifest> {
  const files: ManifestFile[] = [];
  for (const file of spec.files) {
    const full = path.join(spec.dir, file);
    if ((await statSize(full)) === null) {
      throw checkToError(spec, { status: 'missing', ok: false, problems: [{ file, kind: 'missing' }], bytes: 0 })!;
    }
    files.push({ path: file, ...(await hashFile(full)) });
  }
  // Keep entries for the other dtype's files so adopting q8 doesn't forget a verified fp32.
  const previous = await readManifest(spec.dir);
  const kept = (previous?.files ?? []).filter((f) => !spec.files.includes(f.path));
  const manifest: ModelManifest = {
    modelId: spec.modelId,
    dtype: spec.dtype,
    source: 'local',
    files: [...files, ...kept],
    fetchedAt: new Date().toISOString(),
  };
  await writeManifest(spec.dir, manifest);
  return manifest;
}

/** Best guess at which model file a raw transformers.js / onnxruntime error is about. */
function fileNamedIn(message: string, spec: ModelSpec): string | undefined {
  const byLength = [...spec.files].sort((a, b) => b.length - a.length);
  return byLength.find((f) => message.includes(f)) ?? byLength.find((f) => message.includes(path.basename(f)));
}

/**
 * Wraps a raw load error into EngineError('model_missing' | 'model_corrupt') naming the file.
 * transformers.js says ModelFileNotFoundError for missing files, onnxruntime says "Protobuf parsing failed"
 * for a truncated .onnx, a broken config.json gives a bare SyntaxError and a missing tokenizer_config.json a
 * TypeError about `in null`; the last two name no file, so the folder is re-checked to find it.
 */
export async function wrapLoadError(err: unknown, spec: ModelSpec): Promise<EngineError> {
  if (err instanceof EngineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  const named = fileNamedIn(message, spec);
  const check = await checkModelFiles(spec, { hash: false });
  if (check.status === 'missing' || name === 'ModelFileNotFoundError' || /not found locally/.test(message)) {
    const file = named ?? check.problems[0]?.file ?? 'config.json';
    const missing = check.ok === false && check.status === 'missing' ? check : null;
    const wrapped =
      (missing && checkToError(spec, missing)) ??
      new EngineError(
        'model_missing',
        `Model file ${path.join(/*turbopackIgnore: true*/ spec.dir, file)} is missing. Run \`${FETCH_COMMAND}\`, or copy the files into ${spec.dir} and run \`${ADOPT_COMMAND}\`.`,
        { details: { modelId: spec.modelId, file, dir: spec.dir, command: FETCH_COMMAND } },
      );
    return new EngineError(wrapped.code, wrapped.message.replace(/^\[paralelo:mt\] /, ''), {
      cause: err,
      details: wrapped.details,
    });
  }
  let file = named;
  if (!file && (err instanceof SyntaxError || err instanceof TypeError || /JSON/.test(message))) {
    file = await firstUnparsableJson(spec);
  }
  if (!file && /protobuf|onnx|session/i.test(message)) file = spec.files.find((f) => f.endsWith('.onnx'));
  const looksCorrupt = Boolean(file) || /protobuf|parse|JSON|Unexpected token|in null/i.test(message);
  if (!looksCorrupt) {
    return new EngineError('engine_failed', `Loading model ${spec.modelId} failed: ${message}`, {
      cause: err,
      details: { modelId: spec.modelId, dir: spec.dir },
    });
  }
  const where = file ? path.join(/*turbopackIgnore: true*/ spec.dir, file) : spec.dir;
  return new EngineError(
    'model_corrupt',
    `Model file ${where} is corrupt or incomplete (${message.split('\n')[0]}). Run \`${FETCH_COMMAND}\` to download it again.`,
    { cause: err, details: { modelId: spec.modelId, file, dir: spec.dir, command: FETCH_COMMAND } },
  );
}

/** The first JSON file of a model that does not parse to an object (a truncated or broken copy), if any. */
export async function firstUnparsableJson(spec: ModelSpec): Promise<string | undefined> {
  for (const file of spec.files.filter((f) => f.endsWith('.json'))) {
    try {
      const value: unknown = JSON.parse(await fs.readFile(path.join(spec.dir, file), 'utf8'));
      // A JSON "null" parses but breaks the loader just the same (the `in null` TypeError).
      if (value === null || typeof value !== 'object') return file;
    } catch {
      return file;
    }
  }
  return undefined;
}
