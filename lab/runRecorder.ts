import {
  createPlateauMonitor,
  divergenceWatch,
  type Divergence,
  type EarlyStopOptions,
  type PlateauMonitor,
  type StopReason
} from "../engine/index.js";
import {recordFromState} from "./metrics.js";
import type {LabSolver} from "./solver.js";
import type {LabRecord, Tensor1D, Tensor2D, TF} from "./types.js";

/** A recorded step waiting to be read back: its packed state and the factors it belongs to. */
interface Pending {
  step: number;
  state: Tensor1D;
  snapshot: Tensor2D[];
}

export interface RunRecorderOptions {
  /** ||X||_F^2 of the data. */
  frobeniusSquared: number;
  /** The rank of the product (the last layer's). */
  r: number;
  topK: number;
  earlyStop: EarlyStopOptions | false;
  /** performance.now() at the start of the run. */
  started: number;
}

/**
 * The recorded steps of a lab run and the engine's rules that stop it, applied to them as engine/fit.ts
 * applies them: divergence (engine/stopRules.ts: a non-finite or a DIVERGENCE_FACTOR-fold error, a
 * product zero for COLLAPSE_STEPS steps) and early stopping on an effective-rank plateau
 * (engine/plateaus). The states of the recorded steps are queued as tensors and read back together;
 * when a rule stops the run at one of them, the solver goes back to that step's factors (to the last
 * finite one on divergence), so the run ends where the engine would have stopped.
 */
export class RunRecorder {
  readonly records: LabRecord[] = [];
  readonly monitor: PlateauMonitor;
  stopReason: StopReason = "iterations";
  divergedAt: number | undefined;
  divergence: Divergence | undefined;
  /** First step of the plateau in progress, as the monitor last said. */
  inPlateauSince: number | undefined;
  private readonly watch: ReturnType<typeof divergenceWatch>;
  private pending: Pending[] = [];
  /** The factors of the last recorded step read back, to go back to when the next one diverged. */
  private lastGood: Tensor2D[] | undefined;
  private fresh: LabRecord[] = [];

  constructor(
    private readonly tf: TF,
    private readonly solver: LabSolver,
    private readonly options: RunRecorderOptions
  ) {
    this.monitor = createPlateauMonitor(options.earlyStop || {});
    this.watch = divergenceWatch(options.frobeniusSquared);
  }

  /** Queues the current iterate as step `step`. */
  enqueue(step: number): void {
    this.pending.push({step, state: this.solver.evaluate(), snapshot: this.solver.snapshot()});
  }

  /**
   * Reads the queued states back and records them in order. Returns the step the run stops at when a
   * rule stopped it (the solver is then back at that step's factors), else undefined.
   */
  async flush(): Promise<number | undefined> {
    const pending = this.pending;
    this.pending = [];
    const values = await Promise.all(pending.map((p) => p.state.data()));
    let stopAt: number | undefined; // index in pending of the iterate to keep, -1 for lastGood
    for (let i = 0; i < pending.length && stopAt === undefined; ++i) {
      const verdict = this.take(pending[i].step, values[i] as Float32Array);
      if (verdict === "diverged") stopAt = i - 1;
      else if (verdict === "stop") stopAt = i;
    }
    const keep = stopAt === undefined ? pending.length - 1 : stopAt;
    const kept = keep >= 0 ? pending[keep].snapshot : this.lastGood;
    for (let i = 0; i < pending.length; ++i) {
      pending[i].state.dispose();
      if (i !== keep) this.tf.dispose(pending[i].snapshot);
    }
    if (this.lastGood && kept !== this.lastGood) this.tf.dispose(this.lastGood);
    this.lastGood = kept;
    if (stopAt === undefined) return undefined;
    if (kept) this.solver.restore(kept);
    this.lastGood = undefined; // the solver owns the kept factors now
    return this.records[this.records.length - 1]?.step ?? 0;
  }

  /** The records added since the previous call. */
  takeFresh(): LabRecord[] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }

  /** Ends the run: a product that stayed zero up to the last record makes it a divergence, as in engine/fit.ts. */
  finish(): void {
    const zeroSince = this.watch.zeroSince;
    if (zeroSince !== undefined && this.stopReason !== "diverged")
      ((this.stopReason = "diverged"), (this.divergedAt = zeroSince), (this.divergence = "collapse"));
  }

  dispose(): void {
    for (const p of this.pending) this.tf.dispose([p.state, ...p.snapshot]);
    this.pending = [];
    if (this.lastGood) this.tf.dispose(this.lastGood);
    this.lastGood = undefined;
  }

  /** Records one read-back state and applies the rules to it. */
  private take(step: number, state: Float32Array): "diverged" | "stop" | undefined {
    const {r, topK, frobeniusSquared, started, earlyStop} = this.options;
    const record = recordFromState(state, r, frobeniusSquared, topK, step, performance.now() - started);
    const diverged =
      this.watch.check(record.error) ?? (Number.isFinite(record.effectiveRank) ? undefined : "non-finite");
    if (diverged) {
      ((this.stopReason = "diverged"), (this.divergedAt = step), (this.divergence = diverged));
      return "diverged";
    }
    this.records.push(record);
    this.fresh.push(record);
    this.watch.recorded(step, record.error, state.subarray(0, r * r), state.subarray(r * r, 2 * r * r), r);
    // As in engine/fit.ts, the monitor sees the steps after the init.
    if (step === 0) return undefined;
    if (this.watch.collapsed(step)) return "stop";
    const status = this.monitor.push(step, record.effectiveRank, record.error);
    this.inPlateauSince = status.inPlateauSince;
    if (earlyStop && status.stop) {
      this.stopReason = "plateau";
      return "stop";
    }
    return undefined;
  }
}
