import {matrix, recordedStep, startingFactors, transpose, type Matrix, detectPlateaus} from "../engine/index.js";
import {createDataTensors} from "./dataTensors.js";
import {createLabSolver} from "./models.js";
import {RunRecorder} from "./runRecorder.js";
import type {LabSolver} from "./solver.js";
import type {LabConfig, LabProduct, LabResult, LabUpdate, TF} from "./types.js";
import {validateLabConfig, type LabOptions} from "./validate.js";

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
  /** Which steps to record (default the engine's `recordedStep`); step 0 and the last step always are. */
  recordAt?: (step: number) => boolean;
}

/**
 * Runs one factorization on tfjs, the engine's fit loop (engine/fit.ts) cut into chunks: validates,
 * starts from the engine's initial factors (`startingFactors`), iterates the model's update, records
 * the engine's metrics at the recorded steps, and stops on the iteration budget, early stopping (an
 * effective-rank plateau, engine/plateaus.ts), the engine's divergence rules (engine/stopRules.ts), or
 * the abort signal.
 *
 * Each iteration runs inside tf.tidy. Between chunks (at most `chunkMs` of work) the runner reads
 * back the recorded states (one small tensor per record: two r x r Grams and one number), reports,
 * and yields to the event loop, so a page stays responsive. When a rule stops the run at a step
 * inside the chunk, the run goes back to that step's factors (lab/runRecorder.ts), so the result is
 * the iterate where the engine would have stopped. Every tensor the run made is disposed before the
 * promise settles, also on error.
 */
export async function train(tf: TF, X: Matrix, config: LabConfig, hooks: TrainHooks = {}): Promise<LabResult> {
  const options = validateLabConfig(X, config);
  const started = performance.now();
  const layerwise = options.model === "deep" && options.loss === "layerwise";
  const start = startingFactors(X, {...options, layerwise}, config.initialFactors);
  const data = createDataTensors(tf, X);
  let solver: LabSolver | undefined;
  let recorder: RunRecorder | undefined;
  try {
    solver = createLabSolver(tf, X, data, start, options);
    recorder = new RunRecorder(tf, solver, {
      frobeniusSquared: data.frobeniusSquared,
      r: options.ranks[options.ranks.length - 1],
      topK: options.topK,
      earlyStop: options.earlyStop,
      started
    });
    const iterations = await iterate(tf, solver, recorder, options, hooks);
    const {records} = recorder;
    return {
      records,
      plateaus: detectPlateaus(
        records.map((record) => record.step),
        records.map((record) => record.effectiveRank)
      ),
      iterations,
      stopReason: recorder.stopReason,
      ...(recorder.divergedAt === undefined ? {} : {divergedAt: recorder.divergedAt, divergence: recorder.divergence}),
      factors: await readFactors(solver, options.ranks.length),
      product: await readProduct(tf, solver),
      wallMs: performance.now() - started,
      backend: tf.getBackend()
    };
  } finally {
    recorder?.dispose();
    solver?.dispose();
    data.dispose();
  }
}

/** The loop: chunks of iterations, each followed by a read-back, a report and a yield. Returns the last step. */
async function iterate(
  tf: TF,
  solver: LabSolver,
  recorder: RunRecorder,
  options: LabOptions,
  hooks: TrainHooks
): Promise<number> {
  const {signal} = hooks;
  const chunkMs = hooks.chunkMs ?? 20;
  const chunkSteps = hooks.chunkSteps ?? 50;
  const recordAt = hooks.recordAt ?? recordedStep;
  const yieldControl = hooks.yieldControl ?? yieldToEventLoop;
  let step = 0;
  const report = async () => {
    const update: LabUpdate = {
      step,
      records: recorder.takeFresh(),
      plateaus: recorder.monitor.plateaus.slice(),
      ...(recorder.inPlateauSince === undefined ? {} : {inPlateauSince: recorder.inPlateauSince}),
      readProduct: () => readProduct(tf, solver)
    };
    await hooks.onUpdate?.(update);
  };

  recorder.enqueue(0);
  let stoppedAt = await recorder.flush();
  await report();
  while (stoppedAt === undefined && step < options.iterations) {
    if (signal?.aborted) break;
    const chunkStart = performance.now();
    let count = 0;
    do {
      solver.step();
      ++step;
      ++count;
      if (step === options.iterations || recordAt(step)) recorder.enqueue(step);
    } while (
      step < options.iterations &&
      count < chunkSteps &&
      performance.now() - chunkStart < chunkMs &&
      !signal?.aborted
    );
    stoppedAt = await recorder.flush();
    if (stoppedAt !== undefined) step = stoppedAt;
    await report();
    if (stoppedAt === undefined && step < options.iterations) await yieldControl();
  }
  if (stoppedAt === undefined && signal?.aborted) {
    recorder.stopReason = "aborted";
    // A run aborted between two recorded steps still records where it stopped (as the engine does).
    const {records} = recorder;
    if (records[records.length - 1].step !== step) {
      recorder.enqueue(step);
      step = (await recorder.flush()) ?? step;
      await report();
    }
  }
  recorder.finish();
  return step;
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
