import { EngineError, type EngineStats, type TranslateOptions, type TranslationEngine } from '../../lib/mt/engine';

export const MODEL = 'test/fake-es-en';

/** What the fake model "translates" a sentence to: deterministic, and visibly different from the source. */
export const fakeTranslate = (s: string) => `EN:${s.toUpperCase()}`;

/** The stats of an engine that has loaded nothing. */
export const NO_STATS: EngineStats = {
  loads: 0,
  loadMs: null,
  decoding: null,
  decoderThreads: 0,
  modelCalls: 0,
  inputTokens: 0,
};

/**
 * A deterministic engine that records every call. With hold(), calls wait until release() (or until aborted), so
 * tests can act while a window is in flight without relying on timing.
 */
export class FakeEngine implements TranslationEngine {
  readonly info = { modelId: MODEL, isTestModel: true, dtype: 'q8' as const };
  readonly calls: string[][] = [];
  readonly signals: (AbortSignal | undefined)[] = [];
  failOnCall: number | undefined;
  private held = false;
  private releases: (() => void)[] = [];
  private callWaiters: { count: number; resolve: () => void }[] = [];

  async ready(): Promise<void> {}
  async settled(): Promise<void> {}
  async dispose(): Promise<void> {}
  stats(): EngineStats {
    return { ...NO_STATS, modelCalls: this.calls.length };
  }

  hold(): void {
    this.held = true;
  }
  /** Lets the calls waiting now go on; later calls still wait. */
  releaseWaiting(): void {
    for (const r of this.releases.splice(0)) r();
  }
  /** Lets every call go on, now and later. */
  release(): void {
    this.held = false;
    this.releaseWaiting();
  }
  /** Resolves once `count` translate calls have been made. */
  waitForCalls(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.callWaiters.push({ count, resolve }));
  }
  get sentencesTranslated(): string[] {
    return this.calls.flat();
  }

  async translate(sentences: readonly string[], options: TranslateOptions = {}): Promise<string[]> {
    this.calls.push([...sentences]);
    this.signals.push(options.signal);
    const callNumber = this.calls.length;
    this.callWaiters = this.callWaiters.filter((w) => (w.count <= callNumber ? (w.resolve(), false) : true));
    if (this.held) {
      await new Promise<void>((resolve, reject) => {
        this.releases.push(resolve);
        options.signal?.addEventListener('abort', () => reject(new EngineError('cancelled', 'translation cancelled')));
      });
    }
    if (this.failOnCall === callNumber) {
      throw new EngineError('model_missing', 'models/test/fake-es-en is missing: run `paralelo model fetch`');
    }
    return sentences.map(fakeTranslate);
  }
}

/** The score ScoringFakeEngine gives a sentence: deterministic, lower for longer sentences. */
export const fakeScore = (s: string) => ({
  meanLogProb: -s.length / 10,
  minLogProb: -s.length / 5,
  tokens: s.length,
});

/** A FakeEngine that also scores its outputs (translateScored), as the transformers engine does. */
export class ScoringFakeEngine extends FakeEngine {
  async translateScored(sentences: readonly string[], options: TranslateOptions = {}) {
    const outputs = await this.translate(sentences, options);
    return outputs.map((text, i) => ({ text, score: fakeScore(sentences[i] ?? '') }));
  }
}
