import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json';
import es from '../../../messages/es.json';
import { createTranslator, detectLanguage, formatBytes } from '../../../cli/i18n';

function leaves(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof obj === 'string') out.set(prefix, obj);
  else if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj))
      for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  }
  return out;
}

describe('CLI messages', () => {
  it('has the same keys in Spanish and English, and every message is valid ICU', () => {
    const e = leaves(en.cli);
    const s = leaves(es.cli);
    expect([...s.keys()].sort()).toEqual([...e.keys()].sort());
    for (const [key, msg] of [...e, ...s]) {
      expect(() => new IntlMessageFormat(msg, 'es'), key).not.toThrow();
    }
  });

  it('picks the language from LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(detectLanguage({ LANG: 'es_ES.UTF-8' })).toBe('es');
    expect(detectLanguage({ LANG: 'es' })).toBe('es');
    expect(detectLanguage({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(detectLanguage({ LANG: 'C' })).toBe('en');
    expect(detectLanguage({})).toBe('en');
    expect(detectLanguage({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'es_AR.UTF-8' })).toBe('es');
    expect(detectLanguage({ LANG: 'es_ES.UTF-8', LC_ALL: 'en_GB.UTF-8' })).toBe('en');
    expect(detectLanguage({ LANG: 'es_ES.UTF-8', LC_ALL: '' })).toBe('es');
    expect(detectLanguage({ LANG: 'est_EE.UTF-8' })).toBe('en');
  });

  it('formats ICU plurals in both languages', () => {
    const { t: tes } = createTranslator('es');
    const { t: ten } = createTranslator('en');
    const params = { modelId: 'm', dtype: 'q8', size: '1 MB' };
    expect(tes('model.verify.adopted', { ...params, count: 1 })).toContain('se ha registrado 1 archivo');
    expect(tes('model.verify.adopted', { ...params, count: 6 })).toContain('se han registrado 6 archivos');
    expect(ten('model.fetch.done', { ...params, downloaded: 0 })).toContain('nothing to download');
    expect(ten('model.fetch.done', { ...params, downloaded: 1 })).toContain('1 file downloaded');
  });

  it('formats sizes with the locale decimal mark', () => {
    expect(formatBytes(108_400_000, 'en')).toBe('108 MB');
    expect(formatBytes(1_500_000, 'es')).toBe('1,5 MB');
    expect(formatBytes(1_500_000, 'en')).toBe('1.5 MB');
  });
});
