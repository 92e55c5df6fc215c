import type {SeedShape} from "./claims/headline.js";
import {replicates} from "./claims/replicates.js";
import type {TableData} from "./types.js";

/**
 * The headline numbers seed by seed, and their distribution over seeds: what the study reported
 * from one run, with the spread that separates seed noise from effect.
 *
 * `seeds`: one row per run: replicate, run (utf8), seed (int32), converged (bool), steps (int32), peak,
 * peakStep, sag, sagStep, final, finalError, jump1Step, jump2Step (float64; the two largest rises, NaN
 * when absent), markedJumps, noisySignatures, singleSignatureJumps, jumpsWithSnapshots (int32).
 *
 * `summary`: one row per replicate and quantity: replicate, quantity, label (utf8), median, min, max
 * (float64, over the seeds where the quantity is defined), count (int32, those seeds), seeds (int32, all).
 */
export interface ReplicateShape {
  replicate: string;
  shape: SeedShape;
}

export function seedsTable(rows: readonly ReplicateShape[]): TableData {
  const float = (f: (s: SeedShape) => number) => Float64Array.from(rows, (r) => f(r.shape));
  const int = (f: (s: SeedShape) => number) => Int32Array.from(rows, (r) => f(r.shape));
  return {
    columns: {
      replicate: rows.map((r) => r.replicate),
      run: rows.map((r) => r.shape.run),
      seed: int((s) => s.seed),
      converged: {booleans: rows.map((r) => r.shape.converged)},
      steps: int((s) => s.steps),
      peak: float((s) => s.peak),
      peakStep: float((s) => s.peakStep),
      sag: float((s) => s.sag),
      sagStep: float((s) => s.sagStep),
      final: float((s) => s.final),
      finalError: float((s) => s.finalError),
      jump1Step: float((s) => s.largestJumpSteps[0]),
      jump2Step: float((s) => s.largestJumpSteps[1]),
      markedJumps: int((s) => s.markedJumps),
      noisySignatures: int((s) => s.noisySignatures),
      singleSignatureJumps: int((s) => s.singleSignatureJumps),
      jumpsWithSnapshots: int((s) => s.jumpsWithSnapshots)
    }
  };
}

/** The quantities of the summary, in order, with their labels. */
export const summaryQuantities: readonly {key: string; label: string; value: (s: SeedShape) => number}[] = [
  {key: "peak", label: "early peak of the effective rank", value: (s) => s.peak},
  {key: "peakStep", label: "step of the early peak", value: (s) => s.peakStep},
  {key: "sag", label: "lowest effective rank after the peak", value: (s) => s.sag},
  {key: "sagStep", label: "step of that low", value: (s) => s.sagStep},
  {key: "final", label: "final effective rank", value: (s) => s.final},
  {key: "finalError", label: "final relative error", value: (s) => s.finalError},
  {key: "jump1Step", label: "step of the earlier of the two largest jumps", value: (s) => s.largestJumpSteps[0]},
  {key: "jump2Step", label: "step of the later of the two largest jumps", value: (s) => s.largestJumpSteps[1]},
  {key: "markedJumps", label: "marked jumps (rises ≥ 0.5 between plateaus)", value: (s) => s.markedJumps},
  {key: "noisySignatures", label: "signatures still noise at the end", value: (s) => s.noisySignatures}
];

export function seedSummaryTable(rows: readonly ReplicateShape[]): TableData {
  const out: {replicate: string; key: string; label: string; values: number[]; seeds: number}[] = [];
  for (const replicate of replicates) {
    const shapes = rows.filter((r) => r.replicate === replicate.id).map((r) => r.shape);
    if (shapes.length === 0) continue;
    for (const q of summaryQuantities)
      out.push({
        replicate: replicate.id,
        key: q.key,
        label: q.label,
        values: shapes.map(q.value).filter((v) => !Number.isNaN(v)),
        seeds: shapes.length
      });
  }
  const sorted = out.map((o) => o.values.slice().sort((a, b) => a - b));
  const median = (v: number[]) =>
    v.length === 0 ? NaN : v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  return {
    columns: {
      replicate: out.map((o) => o.replicate),
      quantity: out.map((o) => o.key),
      label: out.map((o) => o.label),
      median: Float64Array.from(sorted, median),
      min: Float64Array.from(sorted, (v) => (v.length ? v[0] : NaN)),
      max: Float64Array.from(sorted, (v) => (v.length ? v[v.length - 1] : NaN)),
      count: Int32Array.from(out, (o) => o.values.length),
      seeds: Int32Array.from(out, (o) => o.seeds)
    }
  };
}
