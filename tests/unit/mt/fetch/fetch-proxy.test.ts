import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../lib/mt/engine';
import { fetchModel } from '../../../../lib/mt/fetch/fetch-model';
import { checkModelFiles } from '../../../../lib/mt/model/model-files';
import { proxyRoute, printableProxy } from '../../../../lib/mt/fetch/proxy';
import { resolveModel } from '../../../../lib/mt/model/registry';
import type { EngineConfig } from '../../../../lib/mt/translate/transformers-engine';
import { makeModelsDir, type ModelsDir } from '../fixtures';
import { closedPort, startFakeHub, type FakeHub } from '../hub-server';
import { startFakeProxy, startSilentServer, type FakeProxy } from '../proxy-server';

const PROXY_VARS = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'all_proxy',
  'ALL_PROXY',
  'no_proxy',
  'NO_PROXY',
];
const saved = new Map(PROXY_VARS.map((v) => [v, process.env[v]]));
const clearProxyEnv = () => PROXY_VARS.forEach((v) => delete process.env[v]);

describe('proxyRoute reads the proxy variables as curl does', () => {
  beforeEach(clearProxyEnv);
  afterAll(() => saved.forEach((v, k) => (v === undefined ? delete process.env[k] : (process.env[k] = v))));

  it('picks the scheme’s variable, then ALL_PROXY, and honours NO_PROXY', () => {
    expect(proxyRoute(new URL('https://huggingface.co/x'))).toBeNull();
    process.env.ALL_PROXY = 'http://all.example:3128';
    expect(proxyRoute(new URL('https://huggingface.co/x'))).toMatchObject({
      proxy: 'http://all.example:3128',
      variable: 'ALL_PROXY',
    });
    process.env.https_proxy = 'http://corp.example:8080';
    expect(proxyRoute(new URL('https://huggingface.co/x'))).toMatchObject({ variable: 'https_proxy' });
    process.env.NO_PROXY = '.huggingface.co,localhost';
    expect(proxyRoute(new URL('https://cdn-lfs.huggingface.co/x'))).toBeNull();
    expect(proxyRoute(new URL('https://example.org/x'))).not.toBeNull();
  });

  it('takes a proxy without a scheme as an HTTP proxy, and never prints its password', () => {
    process.env.HTTPS_PROXY = 'corp.example:8080';
    expect(proxyRoute(new URL('https://huggingface.co/x'))?.proxy).toBe('http://corp.example:8080');
    expect(printableProxy('http://ana:s3cret@corp.example:8080')).toBe('http://corp.example:8080');
    process.env.HTTPS_PROXY = 'http://ana:s3cret@corp.example:8080';
    expect(JSON.stringify(proxyRoute(new URL('https://huggingface.co/x'))?.proxy)).not.toContain('s3cret');
  });
});

describe('fetchModel through a proxy', () => {
  let source: ModelsDir;
  let target: ModelsDir;
  let served: EngineConfig & { dir: string };
  let hub: FakeHub | null = null;
  let proxy: FakeProxy | null = null;
  let n = 0;

  beforeAll(async () => {
    source = await makeModelsDir('proxy-src');
    target = await makeModelsDir('proxy-dst');
    served = await source.addTinyModel('served');
  });
  beforeEach(clearProxyEnv);
  afterEach(async () => {
    await hub?.close();
    await proxy?.close();
    hub = proxy = null;
  });
  afterAll(async () => {
    saved.forEach((v, k) => (v === undefined ? delete process.env[k] : (process.env[k] = v)));
    await source?.cleanup();
    await target?.cleanup();
  });

  async function serve(): Promise<{ config: EngineConfig; hub: FakeHub }> {
    const modelId = `test/proxied-${process.pid}-${++n}`;
    hub = await startFakeHub(modelId, served.dir, { linkedHeaders: true });
    const config: EngineConfig = { modelsDir: target.modelsDir, modelId, dtype: 'q8', allowTestModels: true };
    return { config, hub };
  }

  it('downloads every file through HTTP_PROXY (redirects included), and the result verifies', async () => {
    const { config, hub } = await serve();
    proxy = await startFakeProxy();
    process.env.HTTP_PROXY = proxy.url;
    const result = await fetchModel({ config, hubUrl: hub.url });
    expect(result.downloaded).toHaveLength(resolveModel(config).files.length);
    expect((await checkModelFiles(result.spec, { hash: true })).ok).toBe(true);
    // Every request the hub answered went through the proxy, in absolute form; the LFS files' second hop too.
    expect(proxy.log.length).toBe(hub.requests.length);
    expect(proxy.log.every((r) => r.target.startsWith(hub.url))).toBe(true);
    expect(proxy.log.some((r) => r.target.includes('/cdn/'))).toBe(true);
  });

  it('sends the credentials written in the proxy URL', async () => {
    const { config, hub } = await serve();
    proxy = await startFakeProxy({ credentials: 'ana:s3cret' });
    process.env.http_proxy = proxy.url.replace('//', '//ana:s3cret@');
    await fetchModel({ config, hubUrl: hub.url });
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.every((r) => r.auth === `Basic ${Buffer.from('ana:s3cret').toString('base64')}`)).toBe(true);
  });

  it('connects directly to the hosts NO_PROXY lists', async () => {
    const { config, hub } = await serve();
    proxy = await startFakeProxy();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    await fetchModel({ config, hubUrl: hub.url });
    expect(proxy.log).toEqual([]);
    expect(hub.requests.length).toBeGreaterThan(0);
  });

  it('names the proxy and its variable when the proxy is down, without its password, and writes nothing', async () => {
    const { config, hub } = await serve();
    process.env.HTTP_PROXY = `http://ana:s3cret@127.0.0.1:${await closedPort()}`;
    const err = (await fetchModel({ config, hubUrl: hub.url }).catch((e: unknown) => e)) as EngineError;
    expect(err).toBeInstanceOf(EngineError);
    expect(err.code).toBe('proxy_failed');
    expect(err.details).toMatchObject({ variable: 'HTTP_PROXY', reason: 'unreachable', status: 'ECONNREFUSED' });
    expect(err.message).toMatch(/proxy http:\/\/127\.0\.0\.1:\d+ \(set by HTTP_PROXY\): it does not answer/);
    expect(err.message).toContain('NO_PROXY');
    expect(err.message).not.toContain('s3cret');
    expect(hub.requests).toEqual([]);
    expect((await checkModelFiles(resolveModel(config))).ok).toBe(false);
  });

  it('refuses a SOCKS proxy with a message rather than speaking HTTP to it', async () => {
    const { config, hub } = await serve();
    process.env.ALL_PROXY = 'socks5://127.0.0.1:1080';
    const err = (await fetchModel({ config, hubUrl: hub.url }).catch((e: unknown) => e)) as EngineError;
    expect(err.code).toBe('proxy_failed');
    expect(err.details).toMatchObject({ reason: 'scheme', variable: 'ALL_PROXY' });
    expect(err.message).toContain('only http:// and https:// proxies are supported');
    expect(hub.requests).toEqual([]);
  });

  it('says the proxy wants credentials on a 407', async () => {
    const { config, hub } = await serve();
    proxy = await startFakeProxy({ credentials: 'ana:s3cret' });
    process.env.HTTP_PROXY = proxy.url;
    const err = (await fetchModel({ config, hubUrl: hub.url }).catch((e: unknown) => e)) as EngineError;
    expect(err.code).toBe('proxy_failed');
    expect(err.details.reason).toBe('auth');
    expect(err.message).toContain('http://user:password@host:port');
  });

  it('gives up on a proxy that accepts the connection and never answers, within the timeout', async () => {
    const { config, hub } = await serve();
    const silent = await startSilentServer();
    try {
      process.env.HTTP_PROXY = silent.url;
      const started = performance.now();
      const err = (await fetchModel({ config, hubUrl: hub.url, timeoutMs: 300 }).catch(
        (e: unknown) => e,
      )) as EngineError;
      expect(err.code).toBe('proxy_failed');
      expect(err.details).toMatchObject({ reason: 'unreachable', status: 'ETIMEDOUT' });
      // One timeout (the HEAD of the first file), not one per file or per retry.
      expect(performance.now() - started).toBeLessThan(10 * 300);
    } finally {
      await silent.close();
    }
  });
});
