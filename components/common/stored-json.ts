/**
 * An object kept in the browser's storage, from its JSON, or null when it is missing, too long or not an object.
 * What storage holds is untrusted (another tab, an older version, a person's hand): callers check each field.
 */
export function storedObject(raw: string | null | undefined, maxLength: number): Record<string, unknown> | null {
  if (!raw || raw.length > maxLength) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
