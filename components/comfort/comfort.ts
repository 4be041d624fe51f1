/**
 * Reading comfort (theme, text size, line width): one cookie each, read on the server so the first paint has the
 * person's choice (no flash), written by the header's Display menu. Values from a cookie are untrusted strings.
 */
export const THEMES = ['auto', 'light', 'sepia', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const TEXT_SIZES = ['small', 'medium', 'large', 'larger'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];
export const LINE_WIDTHS = ['narrow', 'medium', 'wide'] as const;
export type LineWidth = (typeof LINE_WIDTHS)[number];

export type Comfort = { theme: Theme; size: TextSize; width: LineWidth };

export const COMFORT_COOKIES = {
  theme: 'paralelo-theme',
  size: 'paralelo-size',
  width: 'paralelo-width',
} as const satisfies Record<keyof Comfort, string>;

const DEFAULTS: Comfort = { theme: 'auto', size: 'medium', width: 'medium' };

function pick<T extends string>(choices: readonly T[], value: unknown, fallback: T): T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The comfort settings from cookie values (or anything untrusted); unknown values fall back to the defaults. */
export function parseComfort(read: (name: string) => string | undefined): Comfort {
  return {
    theme: pick(THEMES, read(COMFORT_COOKIES.theme), DEFAULTS.theme),
    size: pick(TEXT_SIZES, read(COMFORT_COOKIES.size), DEFAULTS.size),
    width: pick(LINE_WIDTHS, read(COMFORT_COOKIES.width), DEFAULTS.width),
  };
}

/** The <html> attributes that carry the settings to the style sheet (app/globals.css reads them). */
export function comfortAttributes(comfort: Comfort): Record<'data-theme' | 'data-size' | 'data-width', string> {
  return { 'data-theme': comfort.theme, 'data-size': comfort.size, 'data-width': comfort.width };
}
