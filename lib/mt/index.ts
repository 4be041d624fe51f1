// lib/mt: machine translation. engine.ts is the interface; translate/ the engine, decoder/ the ways of decoding,
// worker/ the decoder threads, model/ finding, checking and loading a model, fetch/ downloading one.
export * from './engine';
export * from './model/registry';
export * from './model/model-files';
export * from './fetch/fetch-model';
export * from './translate/split-long';
export { TransformersEngine, createTransformersEngine } from './translate/transformers-engine';
export type { ModelCall, TransformersEngineOptions } from './translate/transformers-engine';
export * from './shared-engine';
