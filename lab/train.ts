import {
  matrix,
  transpose,
  type Matrix,
  createPlateauMonitor,
  detectPlateaus,
  type Plateau,
  type StopReason
} from "../engine/index.js";
import {createLabData} from "./data.js";
import {startingFactors} from "./init.js";
import {recordFromState} from "./metrics.js";
import {createLabSolver} from "./models.js";
import {recordedStep} from "./schedule.js";
import type {LabSolver} from "./solver.js";
import type {LabConfig, LabProduct, LabRecord, LabResult, LabUpdate, Tensor1D, Tensor2D, TF} from "./types.js";
import {validateLabConfig} from "./validate.js";

export interface TrainHooks {
  /** Aborting stops the run at the next iteration; the promise then resolves with stopReason "aborted". */
  signal?: AbortSignal;
  /** Milliseconds of iterations between two yields to the browser (default 20). */
  chunkMs?: number;
  /** At most this many iterations between two yields (default 50). */
  chunkSteps?: number;
  /** Called after every chunk; awaited before the run goes on. */
  onUpdate?: (update: LabUpdate) => void | Promise<void>;
  /** Gives the event loop back between chunks (default: a macrotask, see `yieldToEventLoop`). */
  yieldControl?: () => Promise<void>;
  /** Which steps to record (default lab/schedule.ts `recordedStep`); step 0 and the last step always are. */
  recordAt?: (step: number) => boolean;
}

/** A recorded step waiting to be read back: its packed state and the factors it belongs to. */
interface Pending {
  step: number;
  state: Tensor1D;
  snapshot: Tensor2D[];
}

/**
 * Runs one factorization on tfjs, the engine's fit loop (engine/fit.ts) cut into chunks: validates,
 * starts from the engine's initial factors, iterates the model's update, records the engine's
 * metrics at the recorded steps, and stops on the iteration budget, early stopping (an
 * effective-rank plateau, engine/plateaus.ts), a non-finite value, or the abort signal.
 *
 * Each iteration runs inside tf.tidy. Between chunks (at most `chunkMs` of work) the runner reads
 * back the recorded states (one small tensor per record: two r x r Grams and one number), reports,
 * and yields to the event loop, so a page stays responsive. When early stopping or a divergence
 * points at a step inside the chunk, the run goes back to that step's factors, so the result is
 * the iterate where the engine would have stopped. Every tensor the run made is disposed before
 * the promise settles, also on error.
 */
export async function train(tf: TF, X: Matrix, config: LabConfig, hooks: TrainHooks = {}): Promise<LabResult> {
  const options = validateLabConfig(X, config);
  const {signal, onUpdate} = hooks;
  const chunkMs = hooks.chunkMs ?? 20;
  const chunkSteps = hooks.chunkSteps ?? 50;
  const recordAt = hooks.recordAt ?? recordedStep;
  const yieldControl = hooks.yieldControl ?? yieldToEventLoop;
  const started = performance.now();
  const r = options.ranks[options.ranks.length - 1];
  const topK = options.topK;

  const start = startingFactors(X, options, config.initialFactors);
  const data = createLabData(tf, X);
  let solver: LabSolver | undefined;
  let pending: Pending[] = [];
  let lastGood: Tensor2D[] | undefined;
  try {
    solver = createLabSolver(tf, data, start, options);
    const current = solver;
    const records: LabRecord[] = [];
    const monitor = createPlateauMonitor(options.earlyStop || {});
    let inPlateauSince: number | undefined;
    let step = 0;
    let stopReason: StopReason = "iterations";
    let divergedAt: number | undefined;
    let fresh: LabRecord[] = [];

    const enqueue = (at: number) => pending.push({step: at, state: current.evaluate(), snapshot: current.snapshot()});

    /** Reads the pending states back and records them in order; true when the run must stop. */
    const flush = async (): Promise<boolean> => {
      const values = await Promise.all(pending.map((p) => p.state.data()));
      let stopAt: number | undefined; // index in pending of the iterate to keep, -1 for lastGood
      for (let i = 0; i < pending.length && stopAt === undefined; ++i) {
        const record = recordFromState(
          values[i],
          r,
          data.frobeniusSquared,
          topK,
          pending[i].step,
          performance.now() - started
        );
        if (!Number.isFinite(record.error) || !Number.isFinite(record.effectiveRank)) {
          ((stopReason = "diverged"), (divergedAt = pending[i].step), (stopAt = i - 1));
          break;
        }
        records.push(record);
        fresh.push(record);
        // As in engine/fit.ts, the monitor sees the steps after the init.
        if (record.step === 0) continue;
        const status = monitor.push(record.step, record.effectiveRank, record.error);
        inPlateauSince = status.inPlateauSince;
        if (options.earlyStop && status.stop) ((stopReason = "plateau"), (stopAt = i));
      }
      const keep = stopAt === undefined ? pending.length - 1 : stopAt;
      const kept = keep >= 0 ? pending[keep].snapshot : lastGood;
      for (let i = 0; i < pending.length; ++i) {
        pending[i].state.dispose();
        if (i !== keep) tf.dispose(pending[i].snapshot);
      }
      pending = [];
      if (stopAt !== undefined) {
        // Back to the iterate where the engine would have stopped (the last finite one on divergence).
        if (kept) current.restore(kept);
        if (kept !== lastGood && lastGood) tf.dispose(lastGood);
        lastGood = undefined;
        step = records[records.length - 1].step;
        return true;
      }
      if (lastGood && kept !== lastGood) tf.dispose(lastGood);
      lastGood = kept;
      return false;
    };

    const report = async () => {
      const update: LabUpdate = {
        step,
        records: fresh,
        plateaus: monitor.plateaus.slice(),
        ...(inPlateauSince === undefined ? {} : {inPlateauSince}),
        readProduct: () => readProduct(tf, current)
      };
      fresh = [];
      await onUpdate?.(update);
    };

    enqueue(0);
    let stopped = await flush();
    await report();
    while (!stopped && step < options.iterations) {
      if (signal?.aborted) {
        stopReason = "aborted";
        break;
      }
      const chunkStart = performance.now();
      let count = 0;
      do {
        current.step();
        ++step;
        ++count;
        if (step === options.iterations || recordAt(step)) enqueue(step);
      } while (
        step < options.iterations &&
        count < chunkSteps &&
        performance.now() - chunkStart < chunkMs &&
        !signal?.aborted
      );
      stopped = await flush();
      await report();
      if (!stopped && step < options.iterations) await yieldControl();
    }
    if (!stopped && signal?.aborted) stopReason = "aborted";
    // A run aborted between two recorded steps still records where it stopped (as the engine does).
    if (stopReason === "aborted" && records[records.length - 1].step !== step) {
      enqueue(step);
      await flush();
      await report();
    }

    const steps = records.map((record) => record.step);
    const plateaus: Plateau[] = detectPlateaus(
      steps,
      records.map((record) => record.effectiveRank)
    );
    const factors = await readFactors(current, options.ranks.length);
    const product = await readProduct(tf, current);
    return {
      records,
      plateaus,
      iterations: step,
      stopReason,
      ...(divergedAt === undefined ? {} : {divergedAt}),
      factors,
      product,
      wallMs: performance.now() - started,
      backend: tf.getBackend()
    };
  } finally {
    for (const p of pending) tf.dispose([p.state, ...p.snapshot]);
    if (lastGood) tf.dispose(lastGood);
    solver?.dispose();
    data.dispose();
  }
}

/** W1 ... Wk and H (transposed back from Ht) as float32 matrices. */
async function readFactors(solver: LabSolver, k: number): Promise<Matrix[]> {
  const tensors = solver.factors.slice(0, k + 1);
  const values = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  const out = tensors.map((t, i) => matrix(t.shape[0], t.shape[1], values[i]));
  out[k] = transpose(out[k]);
  return out;
}

/** The current product as Wc (m x r) and H (r x n). */
async function readProduct(tf: TF, solver: LabSolver): Promise<LabProduct> {
  const {Wc, Ht} = solver.product();
  try {
    const [wc, ht] = await Promise.all([Wc.data() as Promise<Float32Array>, Ht.data() as Promise<Float32Array>]);
    return {Wc: matrix(Wc.shape[0], Wc.shape[1], wc), H: transpose(matrix(Ht.shape[0], Ht.shape[1], ht))};
  } finally {
    tf.dispose([Wc, Ht]);
  }
}

/**
 * Lets the event loop run (input, rendering, other tasks) and resumes in a new task: a message
 * through a fresh MessageChannel, an ordinary task without the 4 ms clamping of nested setTimeout
 * (setTimeout where MessageChannel is missing). Not `scheduler.yield()`: its continuations outrank
 * other tasks, which starved a page's other work (and DevTools-protocol clients) during long runs.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
