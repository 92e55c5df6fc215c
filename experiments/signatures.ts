import {plateauJumps} from "../engine/index.js";
import {median, neighbourCorrelation, signatureChanges} from "./measures.js";
import type {TableData} from "./types.js";
import type {CompletedRun, Snapshot, StoredMatrix} from "./types.js";

/**
 * How the signatures (rows of H) of one run change, for the write-up's "signatures over time":
 * between consecutive regular snapshots, and across the largest rising jumps (snapshots just before
 * and just after). One row per interval: kind (utf8: regular or jump), from, to (int32: the two
 * snapshot steps), jump (int32: the jump's step, -1 for regular), component (int32, 1-based: the
 * signature that changed most), similarity (float64: its cosine similarity before/after),
 * othersMedian (float64: the others' median similarity), changed (int32: signatures below
 * CHANGED_SIMILARITY), erankFrom, erankTo (float64), structured (int32: signatures with structure
 * at `to`, neighbour correlation above NOISE_CORRELATION), quiet (bool: some signature changed while
 * the effective rank moved by less than QUIET_MOVE).
 */
export const QUIET_MOVE = 0.2;

/** A signature changes across an interval when its cosine similarity before/after falls below this. */
export const CHANGED_SIMILARITY = 0.9;
/** A signature is still noise when the correlation of neighbouring pixels is at most this (noise is near 0, strokes near 1). */
export const NOISE_CORRELATION = 0.5;

/** How many of the largest rising jumps get a row. */
const JUMP_ROWS = 3;

export function signaturesTable(run: CompletedRun | undefined): TableData {
  const rows: Row[] = [];
  if (run) {
    const t = run.output.trajectory;
    const shape = run.data.provenance.imageShape ?? [1, run.data.X.cols, 1];
    const erankAt = (step: number) => {
      let i = 0;
      while (i + 1 < t.step.length && t.step[i + 1] <= step) ++i;
      return t.effectiveRank[i];
    };
    const regular = run.output.snapshots.filter((s) => s.kind === "regular" || s.kind === "final");
    for (let k = 1; k < regular.length; ++k)
      rows.push(
        row("regular", regular[k - 1], regular[k], -1, erankAt(regular[k - 1].step), erankAt(regular[k].step), shape)
      );
    const jumps = plateauJumps(run.output.plateaus, run.output.trajectory)
      .filter((j) => j.to > j.from)
      .sort((a, b) => b.to - b.from - (a.to - a.from))
      .slice(0, JUMP_ROWS)
      .sort((a, b) => a.step - b.step);
    for (const jump of jumps) {
      const before = nearestSnapshot(run.output.snapshots, "jump-before", jump.start);
      const after = nearestSnapshot(run.output.snapshots, "jump-after", jump.end);
      if (before && after && before.step < after.step)
        rows.push(row("jump", before, after, jump.step, jump.from, jump.to, shape));
    }
  }
  return {
    columns: {
      kind: rows.map((r) => r.kind),
      from: Int32Array.from(rows, (r) => r.from),
      to: Int32Array.from(rows, (r) => r.to),
      jump: Int32Array.from(rows, (r) => r.jump),
      component: Int32Array.from(rows, (r) => r.component),
      similarity: Float64Array.from(rows, (r) => r.similarity),
      othersMedian: Float64Array.from(rows, (r) => r.othersMedian),
      changed: Int32Array.from(rows, (r) => r.changed),
      erankFrom: Float64Array.from(rows, (r) => r.erankFrom),
      erankTo: Float64Array.from(rows, (r) => r.erankTo),
      structured: Int32Array.from(rows, (r) => r.structured),
      quiet: {
        booleans: rows.map(
          (r) => r.kind === "regular" && r.changed > 0 && Math.abs(r.erankTo - r.erankFrom) < QUIET_MOVE
        )
      }
    }
  };
}

interface Row {
  kind: string;
  from: number;
  to: number;
  jump: number;
  component: number;
  similarity: number;
  othersMedian: number;
  changed: number;
  erankFrom: number;
  erankTo: number;
  structured: number;
}

function row(
  kind: string,
  before: Snapshot,
  after: Snapshot,
  jump: number,
  erankFrom: number,
  erankTo: number,
  shape: readonly number[]
): Row {
  const changes = signatureChanges(rowsOf(before.H), rowsOf(after.H));
  return {
    kind,
    from: before.step,
    to: after.step,
    jump,
    component: (changes[0]?.component ?? -1) + 1,
    similarity: changes[0]?.similarity ?? NaN,
    othersMedian: median(changes.slice(1).map((c) => c.similarity)),
    changed: changes.filter((c) => c.similarity < CHANGED_SIMILARITY).length,
    erankFrom,
    erankTo,
    structured: rowsOf(after.H).filter((image) => neighbourCorrelation(image, shape) > NOISE_CORRELATION).length
  };
}

/** The snapshot of that kind nearest to `step`. */
export function nearestSnapshot(snapshots: readonly Snapshot[], kind: string, step: number): Snapshot | undefined {
  let best: Snapshot | undefined;
  for (const s of snapshots)
    if (s.kind === kind && (!best || Math.abs(s.step - step) < Math.abs(best.step - step))) best = s;
  return best;
}

/** The rows of H (signatures) as views. */
export function rowsOf(H: StoredMatrix): Float32Array[] {
  return Array.from({length: H.rows}, (_, k) => H.data.subarray(k * H.cols, (k + 1) * H.cols));
}
