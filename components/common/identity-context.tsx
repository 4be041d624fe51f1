'use client';

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { can, type Action, type Role } from '@/lib/access/roles';

/** Who the server says is looking at the page (decided there: the client only shows it). */
export interface PageUser {
  name: string;
  role: Role;
  mode: 'local' | 'accounts';
}

interface IdentityValue {
  user: PageUser | null;
  /** Whether the server would allow the action (it checks again on every request). */
  may(action: Action): boolean;
  /** Saves the display name on the server; false when it was refused. */
  rename(name: string): Promise<boolean>;
}

const IdentityContext = createContext<IdentityValue>({ user: null, may: () => false, rename: async () => false });

/** Provides the page's user, as the server rendered it, to the editor and the header. */
export function IdentityProvider({ user, children }: { user: PageUser | null; children: ReactNode }) {
  const [current, setCurrent] = useState(user);
  const rename = useCallback(async (name: string) => {
    const res = await fetch('/api/profile', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: name }),
    }).catch(() => null);
    if (!res?.ok) return false;
    const body = (await res.json().catch(() => null)) as { user?: { name: string } } | null;
    setCurrent((u) => (u && body?.user ? { ...u, name: body.user.name } : u));
    return true;
  }, []);
  const value = useMemo<IdentityValue>(
    () => ({ user: current, may: (action) => (current ? can(current.role, action) : false), rename }),
    [current, rename],
  );
  return <IdentityContext.Provider value={value}>{children}</IdentityContext.Provider>;
}

/** The page's user and what they may do. */
export function useIdentity(): IdentityValue {
  return useContext(IdentityContext);
}
