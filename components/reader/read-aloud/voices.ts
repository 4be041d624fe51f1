/** The voice fields read aloud chooses by (a SpeechSynthesisVoice has them all). */
export type VoiceLike = { lang: string; name: string; default: boolean; localService: boolean };

const normalize = (lang: string) => lang.trim().replace(/_/g, '-').toLowerCase();

/**
 * The voice for a column's language ("es", "en-GB"): the same tag exactly, else the same language in any region
 * (Android reports "es_ES"); among equals the browser's default, then one on this machine (no network needed).
 * Null when no voice speaks the language: the reader says so rather than reading Spanish with an English voice.
 */
export function pickVoice<V extends VoiceLike>(voices: readonly V[], lang: string): V | null {
  const want = normalize(lang);
  const primary = want.split('-')[0];
  if (!primary) return null;
  let best: V | null = null;
  let bestScore = -1;
  for (const voice of voices) {
    const have = normalize(voice.lang);
    if (have.split('-')[0] !== primary) continue;
    const score = (have === want ? 4 : 0) + (voice.default ? 2 : 0) + (voice.localService ? 1 : 0);
    if (score > bestScore) {
      best = voice;
      bestScore = score;
    }
  }
  return best;
}
