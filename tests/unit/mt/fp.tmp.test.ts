import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import { TransformersEngine } from '../../../lib/mt/transformers-engine';
it('fp', async () => {
const lines = readFileSync('/work/shared/data/parallel/newstest/newstest2012.es','utf8').split('\n').filter(Boolean);
const para = lines.slice(0, 3);
const config = { modelsDir: '/work/main/models', modelId: 'test/bench-marian-es-en', dtype: 'q8' as const, allowTestModels: true };
const log: string[] = [];
for (const greedyLoop of [true]) {
  const e = new TransformersEngine(config, { greedyLoop, verifyHashes: false });
  await e.translate(['Hola.']);
  for (let r = 0; r < 3; r++) { const t = performance.now(); await e.translate(para); log.push(`${greedyLoop ? 'loop' : 'pipe'} ${(performance.now() - t).toFixed(0)} ms`); }
  for (let r = 0; r < 2; r++) { const t = performance.now(); for (const s of para) await e.translate([s]); log.push(`${greedyLoop ? 'loop' : 'pipe'} one by one ${(performance.now() - t).toFixed(0)} ms`); }
  await e.dispose();
}
process.stderr.write(log.join('\n') + '\n');
}, 300000);
