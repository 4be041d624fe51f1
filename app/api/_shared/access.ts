/**
 * The one guard every route handler runs first: the request must be addressed to this server (Host, 421), a write
 * must come from the app's own origin or carry a token (403), a JSON write must say application/json (415), and the
 * identity decided here from the token, the session or the local user (401 when there is none) must be allowed the
 * action (403). Route handlers and server actions are public endpoints: this runs in each, whatever the proxy did.
 */
import { apiError } from './respond';
import { loadConfig } from '@/lib/config';
import { can, getSharedAccess, leastRoleFor, type Action, type Identity } from '@/lib/access';
import { CLIENT_IP_HEADER, checkJsonType, checkWrite, isSafeMethod } from '@/lib/access/request-policy';

export interface GuardOptions {
  /** What the request asks to do (lib/access/roles.ts). */
  action: Action;
  /** The body is JSON: anything but `Content-Type: application/json` is refused before it is read. */
  json?: boolean;
}

const ORIGIN_MESSAGE =
  'This request comes from another site (or says nothing of where it comes from). Paralelo takes changes only ' +
  'from its own pages, or from scripts with an API token (Authorization: Bearer; see `paralelo token create`).';

/**
 * The door rules alone (Host, Origin for writes, JSON content type): the refusal to answer, or null. Sign-in runs
 * these without asking for an identity.
 */
export function checkDoor(request: Request, options: { json?: boolean } = {}): Response | null {
  const config = loadConfig();
  const door = checkWrite(
    {
      method: request.method,
      host: request.headers.get('host'),
      origin: request.headers.get('origin'),
      secFetchSite: request.headers.get('sec-fetch-site'),
      authorization: request.headers.get('authorization'),
    },
    // Loopback names on any port here: the front door checks the port, and a write's Origin must equal its Host.
    { origins: config.origins, port: null },
  );
  if (!door.ok) {
    return door.code === 'misdirected'
      ? apiError('misdirected', 'This server does not answer for that host name. Set PARALELO_ORIGIN to serve it.')
      : apiError('foreign_origin', ORIGIN_MESSAGE);
  }
  if (options.json && !isSafeMethod(request.method) && !checkJsonType(request.headers.get('content-type')).ok) {
    return apiError('unsupported_media_type', 'Send the request body as JSON, with Content-Type: application/json.');
  }
  return null;
}

/**
 * The caller's identity when the door rules and the role allow the action, else the refusal to answer. Each route
 * handler starts with `const who = await guard(request, { action }); if (who instanceof Response) return who;`.
 */
export async function guard(request: Request, options: GuardOptions): Promise<Identity | Response> {
  const refused = checkDoor(request, options);
  if (refused) return refused;
  const config = loadConfig();
  const who = await (await getSharedAccess(config)).identify(request.headers);
  if (!who) {
    return apiError(
      'unauthorized',
      config.authMode === 'accounts'
        ? 'Sign in first (or send a valid API token as Authorization: Bearer).'
        : 'That API token is not valid (unknown, revoked, or its account is disabled).',
    );
  }
  if (!can(who.role, options.action)) return forbidden(who, options.action);
  return who;
}

/** The address of the client as the front door saw it (it replaces whatever the client sent in this header). */
export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER);
}

/** 403 for an identity whose role does not include the action, naming the role it needs. */
export function forbidden(who: Identity, action: Action): Response {
  return apiError(
    'forbidden',
    `Your role (${who.role}) may not do this; it needs ${leastRoleFor(action)}. Ask an admin (paralelo user role).`,
  );
}

/** The author a revision records: the identity's display name (never a name the client sent), or null. */
export function authorOf(who: Identity): string | null {
  return who.displayName.trim() === '' ? null : who.displayName;
}
