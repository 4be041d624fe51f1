import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json';
import es from '../../../messages/es.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** Argument names an ICU message uses ({name}, {count, plural, ...}). */
function argumentsOf(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (node.type !== 0 && node.value) names.add(node.value);
      if (node.options) for (const option of Object.values(node.options)) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...names].sort();
}

const catalogs = { en: flatten(en as Tree), es: flatten(es as Tree) };

describe('message catalogs', () => {
  it('have exactly the same keys in Spanish and English', () => {
    const missingInEs = [...catalogs.en.keys()].filter((k) => !catalogs.es.has(k));
    const missingInEn = [...catalogs.es.keys()].filter((k) => !catalogs.en.has(k));
    expect({ missingInEs, missingInEn }).toEqual({ missingInEs: [], missingInEn: [] });
  });

  it('have no empty message', () => {
    for (const [locale, catalog] of Object.entries(catalogs)) {
      for (const [key, value] of catalog) expect(value.trim(), `${locale}:${key}`).not.toBe('');
    }
  });

  it('parse as ICU and use the same arguments in both languages', () => {
    for (const [key, value] of catalogs.en) {
      const other = catalogs.es.get(key);
      if (other === undefined) continue;
      expect(argumentsOf(other, 'es'), key).toEqual(argumentsOf(value, 'en'));
    }
  });
});

describe('user interface strings', () => {
  // Text written directly between JSX tags would bypass the catalogs (and stay in one language).
  const roots = ['app', 'components'];
  const exempt = new Set([path.join('app', 'not-found.tsx')]); // bilingual fallback outside any locale
  const files = roots.flatMap((root) =>
    (fs.readdirSync(root, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.tsx'))
      .map((f) => path.join(root, f))
      .filter((f) => !exempt.has(f)),
  );

  it('come from the catalogs, not from literal text in components', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(/>\s*([^<>{}\n]*\p{L}{2,}[^<>{}\n]*)\s*</gu)) {
        const text = match[1]!.trim();
        if (text === 'Paralelo' || /^[=&|?:()]/.test(text) || /=>|&&|\|\|/.test(text)) continue;
        offenders.push(`${file}: ${text}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
