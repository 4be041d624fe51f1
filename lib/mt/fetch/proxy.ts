import type http from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** The proxy a request goes through, as the environment sets it. */
export interface ProxyRoute {
  /** The proxy's URL without its user name and password (safe to print). */
  proxy: string;
  /** The environment variable it came from, e.g. "HTTPS_PROXY". */
  variable: string;
  /** Null for a proxy this code cannot speak to (a socks:// one): the request must fail, saying so. */
  agent: http.Agent | null;
}

type Env = Record<string, string | undefined>;

/** Which variable names the proxy for a scheme: the scheme's own (either case), else ALL_PROXY (as curl reads them). */
function proxyVariable(scheme: string, env: Env): string | null {
  for (const base of [`${scheme}_proxy`, 'all_proxy']) {
    for (const name of [base, base.toUpperCase()]) if (env[name]) return name;
  }
  return null;
}

/** A proxy URL with its credentials removed, for messages. */
export function printableProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return proxy.replace(/\/\/[^@/]*@/, '//');
  }
}

const agents = new Map<string, http.Agent>();

/**
 * The proxy route for a URL when the environment names one: HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (upper or lower
 * case), minus the hosts NO_PROXY lists, read by `proxy-from-env` the way curl and npm read them. HTTPS goes
 * through a CONNECT tunnel (`https-proxy-agent`), plain HTTP is forwarded (`http-proxy-agent`). Null: connect
 * directly.
 */
export function proxyRoute(url: URL): ProxyRoute | null {
  let proxy = getProxyForUrl(url.toString());
  if (!proxy) return null;
  const scheme = url.protocol.replace(/:$/, '');
  const variable = proxyVariable(scheme, process.env) ?? `${scheme.toUpperCase()}_PROXY`;
  // "host:port" without a scheme means an HTTP proxy, as for curl (proxy-from-env would give it the request's scheme).
  if (!process.env[variable]?.includes('://')) proxy = proxy.replace(/^[a-z]+:\/\//i, 'http://');
  const key = `${scheme} ${proxy}`;
  let agent = agents.get(key);
  // SOCKS and other schemes would need other agents: refuse them rather than speak HTTP to them.
  if (!/^https?:\/\//i.test(proxy)) return { proxy: printableProxy(proxy), variable, agent: null };
  if (!agent) {
    agent = scheme === 'https' ? new HttpsProxyAgent(proxy) : new HttpProxyAgent(proxy);
    agents.set(key, agent);
  }
  return { proxy: printableProxy(proxy), variable, agent };
}
