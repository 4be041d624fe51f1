/**
 * A server with accounts on (PARALELO_AUTH=accounts), its own workspace and users made with the CLI: sign-in and
 * sign-out pages in both languages, the rate limit's message, each role's limits, and the CLI with a token.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { spawnNextServer } from '../helpers/next-server';
import { waitForServer } from '../helpers/wait-for-server';
import { attackLog } from './attack-log';
import { SEED } from './helpers';
import { PORT_ACCOUNTS } from './ports';

const run = promisify(execFile);
const BASE = `http://127.0.0.1:${PORT_ACCOUNTS}`;
const root = path.resolve(__dirname, '../..');
const work = path.join(root, 'test-results', `e2e-accounts-${PORT_ACCOUNTS}`);
const env = {
  ...process.env,
  PARALELO_AUTH: 'accounts',
  PARALELO_CONTENT_DIR: path.join(work, 'content'),
  PARALELO_MODELS_DIR: path.join(work, 'models'),
  PARALELO_DB: path.join(work, 'paralelo.db'),
  PARALELO_PRELOAD: '0',
  LANG: 'en_US.UTF-8',
};
const PASSWORD = 'correct horse battery';
const USERS = [
  ['ada@example.com', 'Ada Admin', 'admin'],
  ['rita@example.com', 'Rita Reader', 'reader'],
  ['tomas@example.com', 'Tomás Translator', 'translator'],
  ['vera@example.com', 'Vera Reviewer', 'reviewer'],
  // Only the rate-limit test fails on purpose, on this account: the others keep signing in.
  ['lena@example.com', 'Lena Locked', 'translator'],
] as const;
const log = attackLog(`server with accounts on (${BASE})`);

/** Runs the CLI on the accounts server's workspace; resolves with its exit code and output. */
async function cli(args: string[], input?: string, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(root, 'bin/paralelo.mjs'), ...args], { env: { ...env, ...extra } });
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

let server: ChildProcess;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'content'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(work, 'content'), { recursive: true });
  // Without an admin, the server refuses to start and says how to make one.
  const refused = await run(process.execPath, [path.join(root, 'bin/paralelo.mjs'), 'serve'], {
    env: { ...env, PORT: String(PORT_ACCOUNTS) },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => e,
  );
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('paralelo user add');
  for (const [email, name, role] of USERS) {
    const made = await cli(['user', 'add', email, '--name', name, '--role', role, '--password-stdin'], `${PASSWORD}\n`);
    expect(made.code, made.stderr).toBe(0);
  }
  server = spawnNextServer({
    root,
    port: PORT_ACCOUNTS,
    work,
    stdio: 'ignore',
    allowTestModels: false,
    detached: true,
    env: { PARALELO_AUTH: 'accounts', PARALELO_PRELOAD: '0' },
  });
  await waitForServer(`${BASE}/api/session`);
});
test.afterAll(() => {
  log.print();
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
});

/** Fills and sends the sign-in form: of the page the browser is on (`here`), else of a fresh /{locale}/login. */
async function signIn(page: Page, email: string, password = PASSWORD, locale = 'en', here = false) {
  if (!here) await page.goto(`${BASE}/${locale}/login`);
  await page.getByRole('textbox', { name: locale === 'en' ? 'Email' : 'Correo electrónico' }).fill(email);
  await page.getByLabel(locale === 'en' ? 'Password' : 'Contraseña').fill(password);
  await page.getByRole('button', { name: locale === 'en' ? 'Sign in' : 'Entrar' }).click();
}

const origin = { origin: BASE };

test('anonymous: pages go to the sign-in page and back after it, the API answers 401, the cookie is httpOnly and Lax', async ({
  page,
  request,
}) => {
  const api = await request.get(`${BASE}/api/documents`);
  log.add('anonymous GET /api/documents', `${api.status()} ${await api.text()}`);
  expect(api.status()).toBe(401);
  const anonymousPut = await request.put(`${BASE}/api/documents/${SEED}/paragraphs/0`, {
    headers: { ...origin, 'if-match': '"0"' },
    data: { text: 'PWNED', status: 'edited', clientSaveId: 'anon-1' },
  });
  log.add('anonymous PUT …/paragraphs/0 (own Origin, no session)', `${anonymousPut.status()}`);
  expect(anonymousPut.status()).toBe(401);
  await page.goto(`${BASE}/es/read/${SEED}?view=interleaved`);
  await expect(page).toHaveURL(`${BASE}/es/login?next=${encodeURIComponent(`/es/read/${SEED}?view=interleaved`)}`);
  log.add(
    `anonymous page /es/read/${SEED}`,
    `redirected to ${new URL(page.url()).pathname}${new URL(page.url()).search}`,
  );
  await expect(page.getByRole('heading', { name: 'Iniciar sesión' })).toBeVisible();
  // The title of the document is not in the page either.
  expect(await page.title()).not.toContain('Kim');
  await signIn(page, 'rita@example.com', PASSWORD, 'es', true);
  // Back to the page that was asked for, as it was asked for.
  await expect(page).toHaveURL(`${BASE}/es/read/${SEED}?view=interleaved`);
  const cookie = (await page.context().cookies()).find((c) => c.name.includes('session_token'));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('after sign-in, `next` never leads to another site (open redirect)', async ({ browser, request }) => {
  const hostile = [
    '//evil.example/',
    'https://evil.example/',
    '/\t/evil.example/',
    '/\\evil.example/',
    '/..//evil.example/',
    '/es/..//evil.example/',
  ];
  // Through the browser, as a link a victim would follow: the form keeps only a path of the app's own.
  for (const next of hostile.slice(0, 3)) {
    const context = await browser.newContext();
    // Were the browser sent there, it would show this (the pattern is the host: `next` itself names it too).
    await context.route(
      (url) => url.hostname === 'evil.example',
      (route) => route.fulfill({ body: 'evil', contentType: 'text/plain' }),
    );
    const page = await context.newPage();
    await page.goto(`${BASE}/en/login?next=${encodeURIComponent(next)}`);
    await signIn(page, 'rita@example.com', PASSWORD, 'en', true);
    await expect(page).toHaveURL(`${BASE}/en`);
    log.add(`sign-in from /en/login?next=${JSON.stringify(next)} (browser)`, `landed on ${page.url()}`);
    await context.close();
  }
  // The form's POST itself, with `next` as a forger would write it.
  for (const next of hostile) {
    const res = await request.post(`${BASE}/api/session`, {
      headers: origin,
      form: { email: 'rita@example.com', password: PASSWORD, locale: 'en', next },
      maxRedirects: 0,
    });
    log.add(
      `POST /api/session (form) next=${JSON.stringify(next)}`,
      `${res.status()} Location ${res.headers()['location']}`,
    );
    expect(res.status()).toBe(303);
    expect(res.headers()['location']).toBe('/en');
  }
});

test('the sign-in and sign-out pages are axe-clean at desktop and phone width, and work by keyboard', async ({
  browser,
}) => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 360, height: 740 },
  ]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const axe = async (what: string) => {
      const { violations } = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      expect(
        violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `${what} at ${viewport.width} px`,
      ).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
    };
    for (const locale of ['es', 'en']) {
      await page.goto(`${BASE}/${locale}/login`);
      await axe(`/${locale}/login`);
      await page.goto(`${BASE}/${locale}/login?error=invalid`);
      await expect(page.locator('.form-error[role="alert"]')).toBeVisible();
      await axe(`/${locale}/login with its error`);
      await page.goto(`${BASE}/${locale}/logout`);
      await axe(`/${locale}/logout`);
    }
    // By keyboard alone: the fields in order, Enter sends, and the header's sign-out button is reachable.
    await page.goto(`${BASE}/en/login`);
    await page.getByRole('textbox', { name: 'Email' }).focus();
    await page.keyboard.type('rita@example.com');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`${BASE}/en`);
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await expect(signOut).toBeInViewport();
    await signOut.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
    await context.close();
  }
});

test('a wrong password gets one localized message, the same for an unknown account, then the rate limit', async ({
  page,
}) => {
  await signIn(page, 'lena@example.com', 'wrong password', 'en');
  await expect(page.locator('.form-error')).toHaveText(/Wrong email or password/);
  const wrong = await page.locator('.form-error').textContent();
  await signIn(page, 'nobody@example.com', 'wrong password', 'en');
  await expect(page.locator('.form-error')).toHaveText(wrong!);
  log.add('sign-in: real account, wrong password / unknown email', `the same message: «${wrong}»`);
  await signIn(page, 'nobody@example.com', 'wrong password', 'es');
  await expect(page.locator('.form-error')).toHaveText(/Correo o contraseña incorrectos/);
  for (let i = 0; i < 4; i++) await signIn(page, 'lena@example.com', 'wrong password', 'en');
  await signIn(page, 'lena@example.com', PASSWORD, 'en');
  await expect(page.locator('.form-error')).toHaveText(/Too many failed sign-ins\. Wait \d+ (seconds|minutes)/);
  log.add(
    'sign-in: 5 wrong passwords for one account, then the right one',
    `refused: «${await page.locator('.form-error').textContent()}»`,
  );
  await signIn(page, 'lena@example.com', PASSWORD, 'es');
  await expect(page.locator('.form-error')).toHaveText(/Demasiados intentos fallidos\. Espere \d+ segundos/);
  // At phone width the form is usable.
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(page.getByRole('button', { name: 'Entrar' })).toBeInViewport();
});

/** A request made by the page itself (the browser's fetch, with its cookie and its Origin), as "status body". */
async function fetchFromPage(page: Page, path: string, init: { method: string; body?: unknown; ifMatch?: string }) {
  return page.evaluate(
    async ({ path, init }) => {
      const res = await fetch(path, {
        method: init.method,
        headers: { 'content-type': 'application/json', ...(init.ifMatch ? { 'if-match': init.ifMatch } : {}) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return { status: res.status, text: await res.text(), etag: res.headers.get('etag') };
    },
    { path, init },
  );
}

test('roles, each in the browser: reader, translator, reviewer, admin; history shows the account’s name', async ({
  browser,
}) => {
  const para = `/api/documents/${SEED}/paragraphs/1`;
  const body = (status: string, id: string) => ({
    text: 'Kim and Putin met.',
    status,
    author: 'Mallory',
    clientSaveId: id,
  });
  const as = async (email: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await expect(page).toHaveURL(`${BASE}/en`);
    return { context, page };
  };
  const englishCell = (page: Page) => page.getByRole('group', { name: 'English, paragraph 2', exact: true });

  const reader = await as('rita@example.com');
  await expect(reader.page.getByRole('heading', { name: 'Import a document' })).toHaveCount(0);
  await reader.page.goto(`${BASE}/en/read/${SEED}`);
  const readerPut = await fetchFromPage(reader.page, para, {
    method: 'PUT',
    body: body('edited', 'r1'),
    ifMatch: '"0"',
  });
  log.add(`reader (Rita), in her browser: PUT ${para}`, `${readerPut.status} ${readerPut.text}`);
  expect(readerPut.status).toBe(403);
  await englishCell(reader.page).press('Enter');
  await expect(reader.page.getByRole('textbox', { name: /paragraph 2/i })).toHaveCount(0);
  const exported = await reader.page.request.get(`${BASE}/api/documents/${SEED}/export?format=txt`);
  log.add('reader: GET …/export?format=txt', `${exported.status()}`);
  expect(exported.status()).toBe(200);
  await reader.context.close();

  const translator = await as('tomas@example.com');
  await expect(translator.page.getByRole('form', { name: 'Account' })).toContainText('Tomás Translator (translator)');
  await translator.page.goto(`${BASE}/en/read/${SEED}`);
  const approve = await fetchFromPage(translator.page, para, {
    method: 'PUT',
    body: body('approved', 't1'),
    ifMatch: '"0"',
  });
  log.add(`translator (Tomás), in his browser: PUT ${para} status approved`, `${approve.status} ${approve.text}`);
  expect(approve.status).toBe(403);
  const saved = await fetchFromPage(translator.page, para, {
    method: 'PUT',
    body: body('edited', 't2'),
    ifMatch: '"0"',
  });
  log.add(
    `translator: PUT ${para} status edited, body author "Mallory"`,
    `${saved.status} author ${JSON.parse(saved.text).revision?.author}`,
  );
  expect(saved.status).toBe(201);
  expect(JSON.parse(saved.text)).toMatchObject({ revision: { author: 'Tomás Translator' } });
  // The editor opens for a translator, without Approve.
  await englishCell(translator.page).press('Enter');
  await expect(translator.page.getByRole('textbox', { name: /paragraph 2/i })).toBeFocused();
  await expect(translator.page.getByRole('button', { name: 'Approve', exact: true })).toHaveCount(0);
  await translator.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(translator.page.getByRole('heading', { name: 'Signed out' })).toBeVisible();
  expect((await translator.page.request.get(`${BASE}/api/documents`)).status()).toBe(401);
  await translator.context.close();

  const reviewer = await as('vera@example.com');
  await reviewer.page.goto(`${BASE}/en/read/${SEED}`);
  const current = await fetchFromPage(reviewer.page, para, { method: 'GET' });
  const approved = await fetchFromPage(reviewer.page, para, {
    method: 'PUT',
    body: body('approved', 'v1'),
    ifMatch: current.etag!,
  });
  log.add(`reviewer (Vera): PUT ${para} status approved`, `${approved.status}`);
  expect(approved.status).toBe(201);
  const history = await fetchFromPage(reviewer.page, `${para}/revisions`, { method: 'GET' });
  const authors = (JSON.parse(history.text) as { revisions: { author: string | null }[] }).revisions.map(
    (r) => r.author,
  );
  log.add('history of paragraph 2 (authors, newest first)', authors.join(', '));
  expect(authors).toEqual(['Vera Reviewer', 'Tomás Translator']);
  const memory = await reviewer.page.request.post(`${BASE}/api/memory/import`, {
    headers: origin,
    multipart: { file: { name: 'm.tmx', mimeType: 'application/xml', buffer: Buffer.from('<tmx/>') } },
  });
  log.add('reviewer: POST /api/memory/import', `${memory.status()}`);
  expect(memory.status()).toBe(403);
  await reviewer.context.close();

  const admin = await as('ada@example.com');
  await expect(admin.page.getByRole('heading', { name: 'Import a document' })).toBeVisible();
  await admin.context.close();
});

test('a signed-in translator visits another site: its forms and fetches write nothing', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, 'tomas@example.com');
  await expect(page).toHaveURL(`${BASE}/en`);
  const before = await page.request.get(`${BASE}/api/documents/${SEED}/paragraphs/3`);
  // The attacker's site, served by the browser's own routing at an origin of its own.
  const EVIL = 'http://attacker.example';
  const pages: Record<string, string> = {
    import: `<form method="post" enctype="application/x-www-form-urlencoded" action="${BASE}/api/documents/${SEED}/translation-import"><input name="text" value="PWNED"></form>`,
    login: `<form method="post" action="${BASE}/api/session"><input name="email" value="mallory@example.com"><input name="password" value="x"></form>`,
  };
  await context.route(`${EVIL}/**`, (route) => {
    const kind = new URL(route.request().url()).pathname.slice(1);
    return route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>evil</title>${pages[kind] ?? ''}<script>document.forms[0]?.submit()</script>`,
    });
  });
  for (const [kind, what] of [
    ['import', `urlencoded form POST …/${SEED}/translation-import with the victim's cookie`],
    ['login', 'form POST /api/session (login CSRF, the attacker’s account)'],
  ] as const) {
    const answer = page.waitForResponse((r) => r.url().startsWith(BASE) && r.request().method() === 'POST');
    await page.goto(`${EVIL}/${kind}`);
    const res = await answer;
    log.add(what, `${res.status()} ${await res.text()}`);
    expect(res.status()).toBe(403);
  }
  const put = await page.evaluate(
    async ({ base, slug }) => {
      try {
        const res = await fetch(`${base}/api/documents/${slug}/paragraphs/3`, {
          method: 'PUT',
          credentials: 'include',
          headers: { 'content-type': 'application/json', 'if-match': '"0"' },
          body: JSON.stringify({ text: 'PWNED', status: 'edited', clientSaveId: 'evil-2' }),
        });
        return `status ${res.status}`;
      } catch (e) {
        return `blocked: ${(e as Error).message}`;
      }
    },
    { base: BASE, slug: SEED },
  );
  log.add('fetch PUT …/paragraphs/3 with credentials: include', put);
  expect(put).toMatch(/^blocked/);
  const after = await page.request.get(`${BASE}/api/documents/${SEED}/paragraphs/3`);
  expect(await after.text()).toBe(await before.text());
  log.add('paragraph 3 afterwards', (await after.text()) === (await before.text()) ? 'unchanged' : 'CHANGED');
  await context.close();
});

test('the CLI works against the server with a token, with the token owner’s role; a revoked token is refused', async () => {
  // Eight runs of the CLI, each a process of its own that compiles on start: slow on a busy machine.
  test.setTimeout(240_000);
  const made = await cli(['token', 'create', 'tomas@example.com', '--name', 'e2e']);
  expect(made.code, made.stderr).toBe(0);
  const token = made.stdout.trim();
  expect(token).toMatch(/^plo_/);
  const remote = { PARALELO_SERVER: BASE, PARALELO_TOKEN: token };
  const status = await cli(['status'], undefined, remote);
  expect(status.code, status.stderr).toBe(0);
  expect(status.stdout).toContain(SEED);
  log.add('CLI `paralelo status` with a translator’s token (PARALELO_SERVER, PARALELO_TOKEN)', `exit ${status.code}`);
  const exported = await cli(['export', SEED, '--format', 'txt'], undefined, remote);
  expect(exported.code, exported.stderr).toBe(0);
  expect(exported.stdout).toContain('Kim and Putin met.');
  const file = path.join(work, 'nuevo.txt');
  fs.writeFileSync(file, 'Un texto nuevo.\n');
  const imported = await cli(['import', file], undefined, remote);
  expect(imported.code).toBe(1);
  expect(imported.stderr).toContain('needs admin');
  log.add('CLI `paralelo import` with the translator’s token', `exit ${imported.code}: ${imported.stderr}`);
  const id = (await cli(['token', 'list', 'tomas@example.com'])).stdout.trim().split(/\s+/)[0]!;
  expect((await cli(['token', 'revoke', id])).code).toBe(0);
  const after = await cli(['status'], undefined, remote);
  expect(after.code).toBe(1);
  expect(after.stderr).toContain('refused the token (401)');
  log.add('CLI `paralelo status` with the token after `paralelo token revoke`', `exit ${after.code}: ${after.stderr}`);
});

test('the glossary and the QA ignores by role: a reader reads only, a translator edits', async ({ browser }) => {
  const as = async (email: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await expect(page).toHaveURL(`${BASE}/en`);
    return { context, page };
  };
  const translator = await as('tomas@example.com');
  await translator.page.goto(`${BASE}/en/glossary`);
  const form = translator.page.getByRole('form', { name: 'Add a term' });
  await form.getByRole('textbox', { name: 'Spanish term' }).fill('cumbre');
  await form.getByRole('textbox', { name: 'English', exact: true }).fill('summit');
  await form.getByRole('button', { name: 'Add the term' }).click();
  await expect(translator.page.getByRole('status')).toContainText('cumbre added to the glossary.');
  await translator.context.close();

  const reader = await as('rita@example.com');
  await reader.page.goto(`${BASE}/en/glossary`);
  await expect(reader.page.getByRole('region', { name: "The glossary's terms" })).toContainText('summit');
  await expect(reader.page.getByRole('form', { name: 'Add a term' })).toHaveCount(0);
  await expect(reader.page.getByRole('button', { name: /Edit|Delete/ })).toHaveCount(0);
  const add = await fetchFromPage(reader.page, '/api/glossary', {
    method: 'POST',
    body: { term: 'paz', english: ['peace'] },
  });
  log.add('reader (Rita), in her browser: POST /api/glossary', `${add.status} ${add.text}`);
  expect(add.status).toBe(403);
  const ignore = await fetchFromPage(reader.page, `/api/documents/${SEED}/checks/ignores`, {
    method: 'POST',
    body: { paragraph: 0, key: 'numbers.missing?number=1', ignored: true },
  });
  log.add(`reader (Rita), in her browser: POST …/${SEED}/checks/ignores`, `${ignore.status} ${ignore.text}`);
  expect(ignore.status).toBe(403);
  await reader.page.goto(`${BASE}/en/read/${SEED}`);
  // The checks have answered (the panel's summary counts them) and their badges offer no Ignore to a reader.
  await expect(reader.page.locator('.checks-panel .checks-glance')).toBeVisible({ timeout: 30_000 });
  await expect(reader.page.getByRole('button', { name: /^Ignore/ })).toHaveCount(0);
  await reader.context.close();
});
