import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeModelsDir, type ModelsDir } from '../mt/fixtures';
import { closedPort, startFakeHub, type FakeHub, type HubTls } from '../mt/hub-server';
import { startFakeProxy, type FakeProxy } from '../mt/proxy-server';
import { ES, ROOT, fetchEnv, runCli } from './run-cli';

// A self-signed certificate for localhost (tests/fixtures/tls/README.md): the hub speaks HTTPS as huggingface.co
// does, and trusting it takes NODE_EXTRA_CA_CERTS, as a company's TLS-inspecting proxy would.
const CERT = path.join(ROOT, 'tests/fixtures/tls/localhost.crt');

describe('`paralelo model fetch` behind a proxy (child process)', () => {
  let models: ModelsDir;
  let tls: HubTls;
  let hub: FakeHub | null = null;
  let proxy: FakeProxy | null = null;
  let n = 0;
  const targets: ModelsDir[] = [];

  beforeAll(async () => {
    models = await makeModelsDir('cli-proxy');
    tls = {
      cert: await readFile(CERT),
      key: await readFile(path.join(ROOT, 'tests/fixtures/tls/localhost.key')),
    };
  });
  afterEach(async () => {
    await hub?.close();
    await proxy?.close();
    hub = proxy = null;
  });
  afterAll(async () => {
    await models?.cleanup();
    await Promise.all(targets.map((t) => t.cleanup()));
  });

  async function setup(): Promise<{ env: Record<string, string>; hub: FakeHub }> {
    const served = await models.addTinyModel(`served-${++n}`);
    const modelId = `test/proxied-${n}`;
    hub = await startFakeHub(modelId, served.dir, { linkedHeaders: true }, tls);
    const target = await makeModelsDir(`cli-proxy-target-${n}`);
    targets.push(target);
    return { env: fetchEnv(target.modelsDir, hub.url, modelId), hub };
  }

  it('downloads over HTTPS through the HTTPS_PROXY tunnel, trusting the CA in NODE_EXTRA_CA_CERTS', async () => {
    const { env, hub } = await setup();
    proxy = await startFakeProxy();
    const fetched = await runCli(['model', 'fetch'], {
      ...env,
      HTTPS_PROXY: proxy.url,
      NODE_EXTRA_CA_CERTS: CERT,
    });
    expect(fetched.stderr).not.toMatch(/error|not trusted|through the proxy/i);
    expect(fetched).toMatchObject({ code: 0 });
    expect(fetched.stdout).toMatch(/installed and verified: 6 files downloaded/);
    // The hub was only ever reached through tunnels the proxy opened to it.
    const port = new URL(hub.url).port;
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.every((r) => r.method === 'CONNECT' && r.target === `localhost:${port}`)).toBe(true);
    expect(hub.requests.length).toBeGreaterThanOrEqual(6);
    expect((await runCli(['model', 'verify'], env)).code).toBe(0);
  });

  it('without the CA, says the certificate is not trusted and how to trust it, in the user’s language', async () => {
    const { env } = await setup();
    proxy = await startFakeProxy();
    const en = await runCli(['model', 'fetch'], { ...env, HTTPS_PROXY: proxy.url });
    expect(en.code).toBe(1);
    const line = en.stderr.trim().split('\n').at(-1);
    expect(line).toMatch(/^The certificate of https:\/\/localhost:\d+ is not trusted on this machine \(\w+\)/);
    expect(line).toContain('NODE_EXTRA_CA_CERTS=');
    const es = await runCli(['model', 'fetch'], { ...env, ...ES, HTTPS_PROXY: proxy.url });
    expect(es.stderr.trim().split('\n').at(-1)).toMatch(/^Este equipo no confía en el certificado/);
  });

  it('a proxy that is down: one line naming it and its variable; `npm start`’s ensure still lets the app start', async () => {
    const { env } = await setup();
    const proxyUrl = `http://ana:s3cret@127.0.0.1:${await closedPort()}`;
    const fetched = await runCli(['model', 'fetch'], { ...env, https_proxy: proxyUrl, NODE_EXTRA_CA_CERTS: CERT });
    expect(fetched.code).toBe(1);
    const line = fetched.stderr.trim().split('\n').at(-1) ?? '';
    expect(line).toMatch(
      /^Cannot download through the proxy http:\/\/127\.0\.0\.1:\d+ \(set by https_proxy\): it does not answer \(ECONNREFUSED\)/,
    );
    expect(line).toContain('npx paralelo model verify --adopt');
    expect(fetched.stderr).not.toContain('s3cret');

    const ensured = await runCli(['model', 'ensure', '--quiet-offline'], { ...env, ...ES, https_proxy: proxyUrl });
    expect(ensured.code).toBe(0);
    expect(ensured.stderr).toMatch(
      /No se puede descargar a través del proxy http:\/\/127\.0\.0\.1:\d+ \(definido en https_proxy\): no responde/,
    );
    expect(ensured.stderr).toContain('lectura en español');
    expect(ensured.stderr).not.toContain('s3cret');
  });
});
