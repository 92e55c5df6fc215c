import {parentPort} from "node:worker_threads";
import {type SingularVectors, matrix, type Matrix} from "../engine/index.js";
import {executeRun} from "./executeRun.js";
import type {RunOutput, RunSpec} from "./types.js";

/**
 * A worker thread of the runner (runner.ts): receives data matrices once (in shared memory) and then
 * runs, one at a time, posting progress and results. Started through worker.mjs, which registers tsx.
 */
export type ToWorker =
  | {
      type: "data";
      key: string;
      rows: number;
      cols: number;
      buffer: SharedArrayBuffer;
      singularValues: Float64Array;
      singularVectors?: SingularVectors;
    }
  | {type: "run"; index: number; spec: RunSpec; dataKey: string};

export type FromWorker =
  | {type: "step"; index: number; step: number}
  | {type: "done"; index: number; output: RunOutput}
  | {type: "error"; index: number; message: string; stack?: string};

/** Progress messages at most this often. */
const progressEveryMs = 500;

const port = parentPort;
if (!port) throw new Error("experiments/worker.ts must run in a worker thread");
const data = new Map<string, {X: Matrix; singularValues: Float64Array; singularVectors?: SingularVectors}>();

port.on("message", (message: ToWorker) => {
  if (message.type === "data") {
    const X = matrix(message.rows, message.cols, new Float32Array(message.buffer));
    data.set(message.key, {X, singularValues: message.singularValues, singularVectors: message.singularVectors});
    return;
  }
  const {index, spec, dataKey} = message;
  try {
    const d = data.get(dataKey);
    if (!d) throw new Error(`no data ${dataKey} sent to the worker`);
    let lastPost = -Infinity;
    const output = executeRun(spec, d.X, {
      dataSingularValues: d.singularValues,
      dataSingularVectors: d.singularVectors,
      onStep(step) {
        const now = performance.now();
        if (now - lastPost < progressEveryMs) return;
        lastPost = now;
        port.postMessage({type: "step", index, step} satisfies FromWorker);
      }
    });
    port.postMessage({type: "done", index, output} satisfies FromWorker);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({type: "error", index, message: e.message, stack: e.stack} satisfies FromWorker);
  }
});
