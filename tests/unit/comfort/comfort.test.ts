import { describe, expect, it } from 'vitest';
import { COMFORT_COOKIES, comfortAttributes, parseComfort } from '@/components/comfort/comfort';
import { SHORTCUTS } from '@/components/comfort/shortcuts';
import en from '../../../messages/en.json';
import es from '../../../messages/es.json';

const jar = (values: Record<string, string>) => (name: string) => values[name];

describe('reading comfort settings', () => {
  it('reads each setting from its cookie', () => {
    const comfort = parseComfort(
      jar({ [COMFORT_COOKIES.theme]: 'sepia', [COMFORT_COOKIES.size]: 'larger', [COMFORT_COOKIES.width]: 'narrow' }),
    );
    expect(comfort).toEqual({ theme: 'sepia', size: 'larger', width: 'narrow' });
    expect(comfortAttributes(comfort)).toEqual({
      'data-theme': 'sepia',
      'data-size': 'larger',
      'data-width': 'narrow',
    });
  });

  it('falls back to the automatic theme and medium text for missing or hostile values', () => {
    expect(parseComfort(jar({}))).toEqual({ theme: 'auto', size: 'medium', width: 'medium' });
    const hostile = parseComfort(
      jar({
        [COMFORT_COOKIES.theme]: 'dark"><script>',
        [COMFORT_COOKIES.size]: 'constructor',
        [COMFORT_COOKIES.width]: 'toString',
      }),
    );
    expect(hostile).toEqual({ theme: 'auto', size: 'medium', width: 'medium' });
  });
});

describe('the keyboard shortcuts dialog', () => {
  it('has a description of every shortcut and group in both languages', () => {
    for (const catalog of [en, es]) {
      for (const group of SHORTCUTS) {
        expect(catalog.comfort.shortcutGroups[group.id], group.id).toBeTruthy();
        for (const s of group.shortcuts)
          expect((catalog.comfort.shortcuts as Record<string, string>)[s.id], s.id).toBeTruthy();
      }
    }
  });
});
