/**
 * Seeded normal samples. Every tensor gets its own stream derived from (seed, tensor name), so a
 * tensor's values never depend on generation order: the fp32 and int8 files of one model hold the
 * same weights, and a tied embedding can be regenerated instead of kept in memory.
 */

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills `out` with N(0, std²) samples from the stream named `name`. */
export function fillNormal(out: Float32Array, seed: number, name: string, std: number): Float32Array {
  const rand = mulberry32(fnv1a(name, seed));
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    // 1 - u keeps the log argument in (0, 1].
    const u1 = 1 - rand();
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1)) * std;
    const theta = 2 * Math.PI * u2;
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}
