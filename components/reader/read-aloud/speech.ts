/** The browser's speech synthesis, or null where there is none (an old browser, some Linux builds, a webview). */
export function speechSynthesisOrNull(): SpeechSynthesis | null {
  if (typeof window === 'undefined') return null;
  if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return null;
  return window.speechSynthesis ?? null;
}

const VOICES_WAIT_MS = 3000;

/**
 * The voices the browser has. Chrome lists none until it has loaded them and then fires voiceschanged; a browser
 * that never fires it (or has no voice) answers an empty list after a few seconds.
 */
export function voicesOf(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      synth.removeEventListener('voiceschanged', done);
      clearTimeout(timer);
      resolve(synth.getVoices());
    };
    const timer = setTimeout(done, VOICES_WAIT_MS);
    synth.addEventListener('voiceschanged', done);
  });
}
