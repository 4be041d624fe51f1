import { useSyncExternalStore } from 'react';

/** The local profile: a display name kept in this browser only and sent as the author of every save. */
const KEY = 'paralelo:profile:name';
const listeners = new Set<() => void>();

function read(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** Stores the display name (trimmed; empty removes it) and tells every component showing it. */
export function setDisplayName(name: string): void {
  const value = name.trim().slice(0, 80);
  try {
    if (value) window.localStorage.setItem(KEY, value);
    else window.localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the name lasts as long as the page
  }
  for (const listener of listeners) listener();
}

/** The current display name ('' when none is set, and on the server). */
export function useDisplayName(): string {
  return useSyncExternalStore(subscribe, read, () => '');
}
