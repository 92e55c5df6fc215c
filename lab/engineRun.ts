/**
 * A lab run on the engine itself, in a Web Worker (lab/fitWorker.ts): the same LabUpdate and LabResult as a tfjs
 * run (lab/train.ts), so the panel draws either, but computed by the build's code in float64, so a run of a
 * precomputed configuration gives its stored curve bit for bit. The plateaus are the engine's, found on the
 * main thread from the records as they come; aborting terminates the worker and keeps what was recorded.
 */
import {createPlateauMonitor, detectPlateaus, type Matrix} from "../engine/index.js";
import type {FitDone, FitMessage, FitRequest} from "./fitWorker.js";
import type {TrainHooks} from "./train.js";
import type {LabConfig, LabProduct, LabRecord, LabResult} from "./types.js";
import {validateLabConfig} from "./validate.js";

export interface EngineRunOptions extends Pick<TrainHooks, "signal" | "onUpdate"> {
  /** URL of the worker's bundle (src/vendor/fit-worker.js). */
  workerUrl: string;
}

export async function runOnEngine(X: Matrix, config: LabConfig, options: EngineRunOptions): Promise<LabResult> {
  const checked = validateLabConfig(X, config);
  const {initialFactors, ...fitOptions} = config;
  const started = performance.now();
  const records: LabRecord[] = [];
  const monitor = createPlateauMonitor(checked.earlyStop || {});
  let product: LabProduct | undefined;
  let step = 0;
  let inPlateauSince: number | undefined;
  const worker = new Worker(options.workerUrl, {type: "module"});
  try {
    const done = await new Promise<FitDone | undefined>((resolve, reject) => {
      const abort = () => resolve(undefined);
      options.signal?.addEventListener("abort", abort, {once: true});
      if (options.signal?.aborted) return abort();
      // Updates are passed on one after another, as a tfjs run awaits each.
      let queue = Promise.resolve();
      worker.onmessage = ({data: message}: MessageEvent<FitMessage>) => {
        if (message.type === "error") return reject(new Error(message.message));
        if (message.type === "done") return void queue.then(() => resolve(message), reject);
        for (const record of message.records) {
          records.push(record);
          inPlateauSince = monitor.push(record.step, record.effectiveRank, record.error).inPlateauSince;
        }
        step = message.step;
        if (message.product) product = message.product;
        const update = {
          step,
          records: message.records,
          plateaus: monitor.plateaus.slice(),
          ...(inPlateauSince === undefined ? {} : {inPlateauSince}),
          readProduct: async () => product ?? emptyProduct(X, checked.ranks)
        };
        queue = queue.then(() => options.onUpdate?.(update));
      };
      worker.onerror = (event) => reject(new Error(event.message || "the engine's worker stopped"));
      const request: FitRequest = {
        type: "fit",
        X: {rows: X.rows, cols: X.cols, data: Float32Array.from(X.data)},
        // Metrics every step up to 1,000 steps, then every 10th (the last step always): the lab's schedule
        // keeps at most every 10th step past 1,000, and the iterates do not depend on what is recorded.
        options: {
          ...fitOptions,
          recordEvery: checked.iterations > 1000 ? 10 : 1,
          ...(initialFactors ? {initialFactors} : {})
        },
        lab: true
      };
      worker.postMessage(request, [request.X.data.buffer]);
    });
    const steps = records.map((record) => record.step);
    return {
      records,
      plateaus: detectPlateaus(
        steps,
        records.map((record) => record.effectiveRank)
      ),
      iterations: done?.iterations ?? step,
      stopReason: done?.stopReason ?? "aborted",
      ...(done?.divergedAt === undefined ? {} : {divergedAt: done.divergedAt, divergence: done.divergence}),
      factors: done?.factors ?? [],
      product: done?.product ?? product ?? emptyProduct(X, checked.ranks),
      wallMs: performance.now() - started,
      backend: `engine (${done?.kernels === "ts" ? "TypeScript" : "WebAssembly"}, float64)`
    };
  } finally {
    worker.terminate();
  }
}

/** A zero product of the run's shape, before the worker has sent one. */
function emptyProduct(X: Matrix, ranks: number[]): LabProduct {
  const r = ranks[ranks.length - 1];
  return {
    Wc: {rows: X.rows, cols: r, data: new Float32Array(X.rows * r)},
    H: {rows: r, cols: X.cols, data: new Float32Array(r * X.cols)}
  };
}
