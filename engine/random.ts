/**
 * Seeded randomness. Every random draw in the engine comes from a `Random` made by
 * `createRandom(seed)`; the same seed gives the same stream on every platform.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, passes
 * PractRand), seeded through splitmix32 so that nearby seeds give unrelated streams.
 */
export type Random = () => number;

export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed}`);
  let s = Math.trunc(seed) >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(),
    b = splitmix(),
    c = splitmix(),
    d = splitmix();
  const next: Random = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; ++i) next();
  return next;
}

/** Standard normal draws by the Box-Muller transform. */
export function randomNormal(random: Random): () => number {
  return () => {
    const u = 1 - random(); // in (0, 1]: log(u) is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** A seeded Fisher-Yates permutation of 0 .. n - 1. */
export function permutation(n: number, random: Random): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; ++i) p[i] = i;
  for (let i = n - 1; i > 0; --i) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    ((p[i] = p[j]), (p[j] = t));
  }
  return p;
}
