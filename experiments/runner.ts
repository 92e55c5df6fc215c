import {Worker} from "node:worker_threads";
import {InputError} from "../engine/index.js";
import {cacheDir as defaultCacheDir, cacheKey, readCache, writeCache} from "./runCache.js";
import type {LoadedData, RunOutput, RunSpec} from "./types.js";
import type {FromWorker, ToWorker} from "./worker.js";

/**
 * Runs an experiment's independent runs in worker threads (node:worker_threads; Framework runs
 * loaders one after another, so the parallelism has to come from here). Each run executes whole in
 * one thread, so its result does not depend on the number of workers or on scheduling; results
 * come back in the order of the jobs. Runs found in the run cache (runCache.ts) are not recomputed;
 * each computed run is cached as soon as it finishes.
 *
 * Progress goes to `progress` (default: stderr), one line at a time:
 * `[plateaus] run 1/2 seed-112: step 1200/20000, 812 steps/s, ETA 23s`.
 */
export interface RunnerOptions {
  /** Name shown in progress lines. */
  experiment: string;
  /** Worker threads (default NMF_WORKERS, else 2); never more than the runs to compute. */
  workers?: number;
  cacheDir?: string;
  /** Receives progress lines (without newline); default writes them to stderr. */
  progress?: (line: string) => void;
  /** Milliseconds between two progress lines of a run (default 5000). */
  progressEveryMs?: number;
}

export interface Job {
  spec: RunSpec;
  data: LoadedData;
}

/**
 * A run's rough cost: steps x non-zeros of X x total rank (the products with X skip zeros). Used to run
 * the longest first, and to give every shard about the same work.
 */
export function runCost({spec, data}: Job): number {
  const nonZeros = data.X.rows * data.X.cols * data.provenance.density;
  return spec.fit.iterations * nonZeros * spec.fit.ranks.reduce((s, r) => s + r, 0);
}

export function workerCount(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.NMF_WORKERS;
  if (text === undefined || text.trim() === "") return 2;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1 && n <= 64)) throw new InputError("NMF_WORKERS", text, "an integer from 1 to 64");
  return n;
}

export async function runAll(jobs: readonly Job[], options: RunnerOptions): Promise<RunOutput[]> {
  const dir = options.cacheDir ?? defaultCacheDir();
  const progress = options.progress ?? ((line: string) => process.stderr.write(line + "\n"));
  const everyMs = options.progressEveryMs ?? 5000;
  const total = jobs.length;
  const label = (i: number) => `[${options.experiment}] run ${i + 1}/${total} ${jobs[i].spec.id}`;

  const keys = jobs.map((job) => cacheKey("run", job.spec, job.data.provenance.hash));
  const results: (RunOutput | undefined)[] = await Promise.all(keys.map((key) => readCache<RunOutput>(key, dir)));
  const missing = jobs.map((_, i) => i).filter((i) => results[i] === undefined);
  const cached = total - missing.length;
  if (cached > 0) progress(`[${options.experiment}] ${cached} of ${total} runs from the cache (${dir})`);
  if (missing.length === 0) return results as RunOutput[];

  // Longest first, so the last run to finish is short.
  const queue = missing.slice().sort((a, b) => runCost(jobs[b]) - runCost(jobs[a]) || a - b);
  const count = Math.min(options.workers ?? workerCount(), missing.length);
  progress(`[${options.experiment}] computing ${missing.length} runs in ${count} worker thread(s)`);

  // Each data matrix goes to the workers once, in shared memory, with its singular values and vectors.
  const shared = new Map<string, ToWorker & {type: "data"}>();
  for (const i of missing) {
    const d = jobs[i].data;
    const key = d.provenance.hash;
    if (shared.has(key)) continue;
    const buffer = new SharedArrayBuffer(d.X.data.byteLength);
    new Float32Array(buffer).set(d.X.data);
    shared.set(key, {
      type: "data",
      key,
      rows: d.X.rows,
      cols: d.X.cols,
      buffer,
      singularValues: d.reference.singularValues,
      ...(d.reference.singularVectors ? {singularVectors: d.reference.singularVectors} : {})
    });
  }

  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let remaining = missing.length;
      let failed = false;
      const started = new Map<number, {time: number; lastLine: number}>();
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const dispatch = (worker: Worker) => {
        const index = queue.shift();
        if (index === undefined) return;
        const now = performance.now();
        started.set(index, {time: now, lastLine: now});
        progress(`${label(index)}: started (${jobs[index].spec.fit.iterations} steps)`);
        worker.postMessage({
          type: "run",
          index,
          spec: jobs[index].spec,
          dataKey: jobs[index].data.provenance.hash
        } satisfies ToWorker);
      };
      for (let w = 0; w < count; ++w) {
        const worker = new Worker(new URL("./worker.mjs", import.meta.url));
        workers.push(worker);
        for (const message of shared.values()) worker.postMessage(message);
        worker.on("message", (message: FromWorker) => {
          if (failed) return;
          const index = message.index;
          const run = started.get(index)!;
          const iterations = jobs[index].spec.fit.iterations;
          const now = performance.now();
          if (message.type === "step") {
            if (now - run.lastLine < everyMs) return;
            run.lastLine = now;
            const rate = (message.step / (now - run.time)) * 1000;
            const eta = rate > 0 ? formatSeconds((iterations - message.step) / rate) : "?";
            progress(`${label(index)}: step ${message.step}/${iterations}, ${formatRate(rate)} steps/s, ETA ${eta}`);
          } else if (message.type === "done") {
            results[index] = message.output;
            const seconds = (now - run.time) / 1000;
            const rate = message.output.iterations / Math.max(seconds, 1e-9);
            progress(
              `${label(index)}: done, ${message.output.iterations} steps in ${formatSeconds(seconds)} (${formatRate(rate)} steps/s, stopped by ${message.output.stopReason})`
            );
            writeCache(keys[index], message.output, dir).then(() => {
              if (--remaining === 0) resolve();
            }, fail);
            dispatch(worker);
          } else {
            fail(new Error(`${label(index)} failed: ${message.message}`));
          }
        });
        worker.on("error", (error) =>
          fail(new Error(`[${options.experiment}] worker thread failed: ${error.message}`))
        );
        worker.on("exit", (code) => {
          if (remaining > 0) fail(new Error(`[${options.experiment}] worker thread exited with code ${code}`));
        });
        dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results as RunOutput[];
}

function formatRate(rate: number): string {
  return rate >= 100 ? String(Math.round(rate)) : rate.toPrecision(2);
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.floor(seconds - 60 * m)).padStart(2, "0")}s`;
}
