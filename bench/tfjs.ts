import {createRequire} from "node:module";
import {dirname} from "node:path";
import {availableParallelism} from "node:os";
import type {Matrix} from "../engine/index.js";
import {train, type LabConfig, type TF} from "../lab/index.js";
import type {BenchCase} from "./cases.js";
import {significant, summarize} from "./stats.js";

/**
 * For the record (issue 8): the same cases on tfjs's own Node backends, through the lab's tfjs
 * rendering of the engine's models (lab/train.ts), every step recorded. tfjs "cpu" is plain
 * JavaScript; "wasm" is XNNPACK compiled to WebAssembly (SIMD, one thread here). Times are the
 * lab's own per-step records, from step 0's record to the last one, like bench/run.ts.
 */
export async function benchTfjs(c: BenchCase, X: Matrix, backend: "cpu" | "wasm", runs: number, steps: number) {
  const tf = await loadTf(backend);
  const {options} = c;
  const config: LabConfig = {
    model: options.model,
    ranks: options.ranks,
    iterations: steps,
    loss: options.loss,
    lr: options.lr,
    init: options.init,
    seed: options.seed
  };
  const hooks = {recordAt: () => true, chunkSteps: steps, chunkMs: 1e9, yieldControl: async () => {}};
  await train(tf, X, {...config, iterations: Math.min(steps, 3)}, hooks);
  const times: number[] = [];
  for (let run = 0; run < runs; ++run) {
    const result = await train(tf, X, config, hooks);
    const records = result.records;
    const first = records[0],
      last = records[records.length - 1];
    times.push((last.timeMs - first.timeMs) / (last.step - first.step));
  }
  const s = summarize(times);
  return {
    name: `tfjs-${backend}-${c.name}`,
    msPerStep: significant(s.median),
    spread: {min: significant(s.min), max: significant(s.max), iqr: significant(s.iqr)},
    steps,
    runs,
    cores: availableParallelism(),
    library: `@tensorflow/tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}`
  };
}

let loaded: TF | undefined;

async function loadTf(backend: "cpu" | "wasm"): Promise<TF> {
  const tf = (loaded ??= (await import("@tensorflow/tfjs")) as unknown as TF);
  if (backend === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"))}/`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not start`);
  await tf.ready();
  return tf;
}
