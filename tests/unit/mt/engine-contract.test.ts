import path from 'node:path';
import { TransformersEngine } from '../../../lib/mt/translate/transformers-engine';
import { describeEngineSuite } from './engine-suite';

const ROOT = path.resolve(__dirname, '../../..');

// The engine in each of the ways the model loader can make it decode (lib/mt/model/loader.ts).
describeEngineSuite('decoder threads (two)', {
  make: (config, options) => new TransformersEngine(config, { ...options, root: ROOT, decoderThreads: 2 }),
  decoding: 'thread',
  scores: true,
});
describeEngineSuite('greedy loop in the engine thread', {
  make: (config, options) => new TransformersEngine(config, options),
  decoding: 'loop',
  scores: true,
});
describeEngineSuite("transformers.js' generate()", {
  make: (config, options) => new TransformersEngine(config, { ...options, greedyLoop: false }),
  decoding: 'pipeline',
  scores: false,
});
