/**
 * Seeded fixtures for the component snapshots: a training trajectory whose singular values rise
 * one after another (logistic curves at increasing times, the shape the theory predicts), with
 * the effective, stable and nuclear ranks computed by the engine's own metric code; small grey and
 * RGB images; a sweep over (r1, r2). Deterministic: the same numbers on every run.
 */
import {effectiveRank, nuclearRatio, stableRank} from "../../engine/metrics/index.js";
import {createRandom} from "../../engine/random.js";

/** s_i(X) of the fixture's data. */
export const dataSpectrum = [20, 8, 6, 4.5, 3.5, 3, 2.6, 2.3];
export const dataFrobeniusSquared = 600;

/** Times at which each of the first six singular values of M rises. */
const riseSteps = [30, 600, 2500, 6000, 12000, 14000];

export interface FixtureRow extends Record<string, unknown> {
  step: number;
  timeMs: number;
  relativeError: number;
  effectiveRank: number;
  nuclearRatio: number;
  stableRank: number;
  singularValues: Float64Array;
}

/** 161 steps from 0 to 20,000 (a log-time grid, as the experiments downsample), `run` set on each row. */
export function trajectory(run = "fixture", {delay = 1}: {delay?: number} = {}): FixtureRow[] {
  const steps = [0, ...Array.from({length: 160}, (_, k) => Math.round(Math.exp((k / 159) * Math.log(20000))))];
  const unique = [...new Set(steps)];
  return unique.map((step) => {
    const s = new Float64Array(6);
    for (let i = 0; i < 6; ++i) {
      const t = riseSteps[i] * delay;
      s[i] = (dataSpectrum[i] * 0.95) / (1 + Math.exp(-(step - t) / (0.08 * t))) + 1e-3;
    }
    let captured = 0;
    for (const v of s) captured += v * v;
    return {
      run,
      step,
      timeMs: step * 0.8,
      relativeError: Math.max(1e-3, 1 - captured / dataFrobeniusSquared),
      effectiveRank: effectiveRank(s),
      nuclearRatio: nuclearRatio(s),
      stableRank: stableRank(s),
      singularValues: s
    };
  });
}

/** Plateaus of the fixture's effective rank, placed between the rises. */
export const plateaus = [
  {start: 100, end: 400, level: 1.05},
  {start: 900, end: 2000, level: 1.63},
  {start: 3500, end: 5000, level: 2.3},
  {start: 7500, end: 10500, level: 3.1}
];

export const jumps = [
  {step: 700, from: 1.05, to: 1.63},
  {step: 2700, from: 1.63, to: 2.3},
  {step: 6200, from: 2.3, to: 3.1}
];

/** `count` seeded random images of the shape, as bytes (the snapshots' pixel format). */
export function images(count: number, shape: [number, number, number], seed = 7): Uint8Array[] {
  const random = createRandom(seed);
  return Array.from({length: count}, () =>
    Uint8Array.from({length: shape[0] * shape[1] * shape[2]}, () => Math.floor(random() * 256))
  );
}

/** Reconstructions of `originals`: each pixel moved towards the image's mean by 30%, plus seeded noise. */
export function reconstructions(originals: Uint8Array[], seed = 8): Uint8Array[] {
  const random = createRandom(seed);
  return originals.map((x) => {
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    return Uint8Array.from(x, (v) =>
      Math.max(0, Math.min(255, Math.round(0.7 * v + 0.3 * mean + (random() - 0.5) * 20)))
    );
  });
}

/** The study's (r1, r2) grid, r2 <= r1, for the two losses; values follow a fixed formula. */
export function sweep(): {loss: string; r1: number; r2: number; effectiveRank: number; relativeError: number}[] {
  const rows = [];
  for (const loss of ["global", "layerwise"])
    for (const r1 of [10, 20, 40])
      for (const r2 of [5, 10, 20, 30])
        if (r2 <= r1) {
          const k = Math.min(r1, r2);
          rows.push({
            loss,
            r1,
            r2,
            effectiveRank: (loss === "global" ? 0.45 : 0.6) * k + 1,
            relativeError: (loss === "global" ? 0.5 : 0.4) / Math.sqrt(k)
          });
        }
  return rows;
}
