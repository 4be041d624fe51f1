// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');
// Pages get a Content-Security-Policy with a nonce from proxy.ts; the API and Next's files get this one, which lets
// nothing run. `paralelo serve` (cli/server/front-door.ts) puts the same headers on every answer, errors included.
const strict = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const common = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm run typecheck` checks the whole tree (tests included) in `npm test` and CI; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Native and runtime-loaded code stays outside the bundle (the decoder threads and the parse pool start from dist/
  // by path: bin/build.mjs).
  serverExternalPackages: [
    '@huggingface/transformers',
    'onnxruntime-node',
    'better-sqlite3',
    'pg',
    'pg-boss',
    'better-auth',
    '@better-auth/api-key',
    'kysely',
    'rate-limiter-flexible',
    'piscina',
  ],
  async headers() {
    return [
      { source: '/:path*', headers: common },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: strict }] },
      { source: '/_next/:path*', headers: [{ key: 'Content-Security-Policy', value: strict }] },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
