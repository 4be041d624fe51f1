import fs from 'node:fs/promises';
import path from 'node:path';
import type { EngineConfig } from '../engine';
import type { EngineError } from '../errors';
import type { ManifestFile, ModelManifest } from '../model/model-files';
import { hashFile, readManifest, writeManifest } from '../model/model-files';
import type { ModelDtype, ModelSpec } from '../model/registry';
import { hubUrlFromEnv, resolveModel } from '../model/registry';
import { classifyFetchError } from './classify-error';
import { HttpStatusError, numberHeader, openUrl, RequestError } from './http-open';
import { commitPart, downloadPart } from './part-file';

/** Progress of a fetch; totals are null until the hub has told us the sizes. */
export interface FetchProgress {
  phase: 'start' | 'data' | 'skip' | 'done';
  file: string;
  fileIndex: number;
  fileCount: number;
  fileBytes: number;
  fileTotal: number | null;
  doneBytes: number;
  totalBytes: number | null;
}

export interface FetchOptions {
  config: EngineConfig;
  /** Overrides config.dtype. */
  dtype?: ModelDtype;
  /** Base URL of the hub; default PARALELO_HUB_URL or https://huggingface.co. */
  hubUrl?: string;
  /** Download every file again even if a verified copy exists. */
  force?: boolean;
  onProgress?: (progress: FetchProgress) => void;
  signal?: AbortSignal;
  /** Extra attempts per file after a cut connection, each resuming from the .part file. Default 2. */
  retries?: number;
  /** Connect and inactivity timeout per request. Default 15 s. */
  timeoutMs?: number;
}

export interface FetchResult {
  spec: ModelSpec;
  manifest: ModelManifest;
  downloaded: string[];
  skipped: string[];
  /** Bytes received over the network in this run. */
  receivedBytes: number;
}

/**
 * Downloads exactly the files the pipeline needs into models/<id>/, each via <file>.part (resumed with
 * HTTP Range), hashed while streaming, fsynced and renamed; writes the manifest last.
 */
export async function fetchModel(options: FetchOptions): Promise<FetchResult> {
  const spec = resolveModel(options.config, options.dtype ? { dtype: options.dtype } : {});
  const hubUrl = (options.hubUrl ?? hubUrlFromEnv()).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const { signal } = options;
  const urlOf = (file: string) => `${hubUrl}/${spec.modelId}/resolve/main/${file}`;
  let reachedHub = false;

  const classify = (err: unknown, url: string, file: string): EngineError =>
    classifyFetchError(err, { spec, url, file, signal, reachedHub });

  // 1. Ask the hub for sizes and checksums first: this gives the progress bar its total, and finds out
  //    that there is no network before anything is written.
  const expected = new Map<string, { size: number | null; sha256: string | null }>();
  for (const file of spec.files) {
    const url = urlOf(file);
    try {
      const head = await openUrl(url, { method: 'HEAD', timeoutMs, signal });
      head.res.resume();
      reachedHub = true;
      expected.set(file, { size: head.size ?? numberHeader(head.res.headers['content-length']), sha256: head.sha256 });
    } catch (err) {
      throw classify(err, url, file);
    }
  }
  const sizes = [...expected.values()].map((e) => e.size);
  const totalBytes = sizes.every((s) => s !== null) ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : null;

  await fs.mkdir(spec.dir, { recursive: true });
  const previous = await readManifest(spec.dir);

  // 2. Decide what is already there and verified.
  const entries = new Map<string, ManifestFile>();
  const toDownload: string[] = [];
  const skipped: string[] = [];
  for (const file of spec.files) {
    const known = previous?.files.find((f) => f.path === file);
    const hub = expected.get(file);
    if (!options.force && known) {
      const here = await hashFile(path.join(spec.dir, file)).catch(() => null);
      const matchesHub =
        (!hub?.sha256 || hub.sha256 === known.sha256) && (hub?.size == null || hub.size === known.size);
      if (here && here.sha256 === known.sha256 && here.size === known.size && matchesHub) {
        entries.set(file, known);
        skipped.push(file);
        continue;
      }
    }
    toDownload.push(file);
  }

  // 3. Files about to be replaced lose their manifest entries first, so an interrupted run can never
  //    present a mix of old entries and new files as verified.
  if (previous && toDownload.length > 0) {
    const kept = previous.files.filter((f) => !toDownload.includes(f.path));
    if (kept.length > 0) await writeManifest(spec.dir, { ...previous, files: kept });
    else await fs.rm(path.join(spec.dir, 'paralelo-manifest.json'), { force: true });
  }

  let doneBytes = 0;
  let receivedBytes = 0;
  const report = (p: Omit<FetchProgress, 'fileCount' | 'doneBytes' | 'totalBytes'>) =>
    options.onProgress?.({ ...p, fileCount: spec.files.length, doneBytes, totalBytes });

  for (const [fileIndex, file] of spec.files.entries()) {
    const hub = expected.get(file) ?? { size: null, sha256: null };
    if (skipped.includes(file)) {
      doneBytes += entries.get(file)?.size ?? 0;
      report({ phase: 'skip', file, fileIndex, fileBytes: hub.size ?? 0, fileTotal: hub.size });
      continue;
    }
    const dest = path.join(spec.dir, file);
    const part = `${dest}.part`;
    await fs.mkdir(path.dirname(dest), { recursive: true });
    if (options.force) await fs.rm(part, { force: true });
    const base = doneBytes;
    report({ phase: 'start', file, fileIndex, fileBytes: 0, fileTotal: hub.size });

    let entry: ManifestFile | null = null;
    for (let attempt = 0; entry === null; attempt++) {
      const url = urlOf(file);
      try {
        entry = await downloadPart(url, part, hub, {
          timeoutMs,
          signal,
          onAnswer: () => (reachedHub = true),
          onData: (fileBytes, fileTotal, chunk) => {
            receivedBytes += chunk;
            doneBytes = base + fileBytes;
            report({ phase: 'data', file, fileIndex, fileBytes, fileTotal });
          },
        });
      } catch (err) {
        const wrapped = classify(err, url, file);
        const status = err instanceof RequestError && err.error instanceof HttpStatusError;
        const resumable = wrapped.code === 'download_failed' && !status;
        if (!resumable || attempt >= retries) throw wrapped;
      }
    }
    await commitPart(part, dest);
    entries.set(file, { ...entry, path: file });
    doneBytes = base + entry.size;
    report({ phase: 'done', file, fileIndex, fileBytes: entry.size, fileTotal: entry.size });
  }

  const others = (previous?.files ?? []).filter((f) => !spec.files.includes(f.path));
  const manifest: ModelManifest = {
    modelId: spec.modelId,
    dtype: spec.dtype,
    source: hubUrl,
    files: [...spec.files.map((f) => entries.get(f)!), ...others],
    fetchedAt: new Date().toISOString(),
  };
  await writeManifest(spec.dir, manifest);
  return { spec, manifest, downloaded: toDownload, skipped, receivedBytes };
}
