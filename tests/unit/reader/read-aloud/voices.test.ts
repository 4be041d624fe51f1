import { describe, expect, it } from 'vitest';
import { pickVoice, type VoiceLike } from '@/components/reader/read-aloud/voices';

const voice = (lang: string, name: string, extra: Partial<VoiceLike> = {}): VoiceLike => ({
  lang,
  name,
  default: false,
  localService: false,
  ...extra,
});

describe('the voice a column is read with', () => {
  const voices = [
    voice('en-US', 'Samantha', { default: true, localService: true }),
    voice('en-GB', 'Daniel'),
    voice('es_MX', 'Paulina'),
    voice('es-ES', 'Mónica', { localService: true }),
    voice('fr-FR', 'Amélie'),
  ];

  it('speaks the column language: a Spanish voice for Spanish, an English one for English', () => {
    expect(pickVoice(voices, 'es')?.lang.startsWith('es')).toBe(true);
    expect(pickVoice(voices, 'en')?.name).toBe('Samantha');
  });

  it('prefers the very tag, then the default, then one on this machine; Android’s es_ES counts as es-ES', () => {
    expect(pickVoice(voices, 'en-GB')?.name).toBe('Daniel');
    expect(pickVoice(voices, 'es-mx')?.name).toBe('Paulina');
    expect(pickVoice(voices, 'es')?.name).toBe('Mónica');
  });

  it('is none when no voice speaks the language, rather than another language’s voice', () => {
    expect(pickVoice(voices, 'de')).toBeNull();
    expect(pickVoice([], 'es')).toBeNull();
    expect(pickVoice(voices, '')).toBeNull();
    expect(pickVoice([voice('', 'Nameless')], 'es')).toBeNull();
  });
});
