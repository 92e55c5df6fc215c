/**
 * The lab panel's run controller: one run at a time on the chosen backend, on the first images of a source,
 * stopped by an AbortController; it reports to the panel through hooks. Backends: the engine itself in a Web
 * Worker (lab/engineRun.ts: float64, the build's numbers exactly) or tfjs (lab/train.ts: float32, WebGPU or WebGL
 * on a GPU). Automatic (src/components/backendChoice.ts): when the browser has a hardware GPU backend, the faster
 * per step of it and the engine on a few steps of the configured run (measured once per configuration), else the
 * engine, which is faster than tfjs on any CPU (docs/performance.md). The runner says which backend ran and why.
 * tfjs (src/vendor/tf.js, 1.25 MB) is imported on the first run that uses it, the engine's worker bundle on the
 * first engine run: a page with a lab panel loads neither before.
 */
import type {LabResult, LabUpdate, Matrix} from "../../lab/index.js";
import {lab} from "./labBundle.js";
import type {LabImages} from "./labFiles.js";
import {labConfig, type LabSettings} from "./labForm.js";
import {FileAttachment} from "observablehq:stdlib";
import {selectBackend, type BackendName} from "./tfBackend.js";
import {automaticBackend, type BackendChoice} from "./backendChoice.js";

export type Tf = Parameters<typeof selectBackend>[0];

let tfModule: Promise<Tf> | undefined;

/** tfjs, imported once per page on first use (a dynamic import: the page does not preload it). */
export function loadTf(): Promise<Tf> {
  // @ts-expect-error The tfjs bundle (scripts/bundle.ts) has no declarations; it is typed as selectBackend takes it.
  tfModule ??= import("../vendor/tf.js") as Promise<Tf>;
  tfModule.catch(() => (tfModule = undefined));
  return tfModule;
}

export interface RunHooks {
  /** Before anything else of the run. */
  started(): void;
  /** The backend is ready; the iterations begin. `why`: "chosen", or the automatic choice's measurement. */
  backendReady(backend: string, why: string): void;
  /** After every chunk of iterations (lab/train.ts `onUpdate`). */
  update(update: LabUpdate): Promise<void>;
  /** The run ended (also when stopped): `tensorsBefore` is tf.memory().numTensors at its start (0 before tfjs loads). */
  finished(result: LabResult, run: {number: number; tensorsBefore: number; stopWhy: string}): Promise<void>;
  /** The run, or a hook, threw. */
  failed(error: unknown): void;
  /** Last, whatever happened. */
  settled(): void;
}

export interface LabRunner {
  readonly running: boolean;
  /** The backend of the last run, if there was one, and why it ran ("chosen", "auto: webgpu 3.1 ms/step vs ..."). */
  readonly backend: string | undefined;
  readonly backendWhy: string;
  /** tf.memory().numTensors, or 0 while no run has loaded tfjs. */
  tensors(): number;
  /** Stops the run in progress (if any), saying why in its result. */
  stop(why: string): void;
  /** Stops the run in progress (if any) and waits until it has ended. */
  halt(why: string): Promise<void>;
  /** Runs the settings on `source`; resolves once the run and its hooks are done. */
  run(settings: LabSettings, source: LabImages, hooks: RunHooks): Promise<void>;
}

export function labRunner(): LabRunner {
  let tf: Tf | undefined;
  const tfjs = async () => (tf ??= await loadTf());
  let running: {controller: AbortController; done: Promise<void>} | undefined;
  let stopWhy = "";
  let runCount = 0;
  let backendInUse: string | undefined;
  let backendWhy = "";
  /** The automatic choices made so far, by configuration (the number of iterations aside). */
  const measured = new Map<string, BackendChoice>();

  /** The backend for this run on X: the chosen one, or the automatic choice. */
  async function chooseBackend(settings: LabSettings, X: Matrix): Promise<BackendChoice> {
    const choice = settings.backend;
    if (choice === "engine") return {name: "engine", why: "chosen"};
    if (choice === "auto") {
      const config = labConfig(settings);
      const key = JSON.stringify({...config, iterations: 0});
      const found = measured.get(key) ?? (await automaticBackend(tfjs, X, config, await workerUrl()));
      measured.set(key, found);
      if (found.name !== "engine" && (await tfjs()).getBackend() !== found.name)
        await selectBackend(await tfjs(), [found.name]);
      return found;
    }
    const tf = await tfjs();
    if (tf.getBackend() === choice) return {name: choice, why: "chosen"};
    // A tfjs backend that cannot start here (webgpu without an adapter, webgl without WebGL) falls back to wasm,
    // then cpu; the result says which ran and why.
    const skipped: string[] = [];
    const fallbacks = (["wasm", "cpu"] as const).filter((other) => other !== choice);
    const name: BackendName = await selectBackend(tf, [choice, ...fallbacks], skipped);
    return {name, why: name === choice ? "chosen" : `${skipped.join("; ")}, so ${name}`};
  }

  const tensors = () => (tf ? tf.memory().numTensors : 0);

  function stop(why: string): void {
    if (!running) return;
    stopWhy = why;
    running.controller.abort();
  }

  async function run(settings: LabSettings, source: LabImages, hooks: RunHooks): Promise<void> {
    const controller = new AbortController();
    let finish!: () => void;
    running = {controller, done: new Promise<void>((resolve) => (finish = resolve))};
    stopWhy = "";
    const number = ++runCount;
    hooks.started();
    try {
      const X = lab.matrix(
        settings.rows,
        source.cols,
        source.exact
          ? await source.exact(settings.rows)
          : Float32Array.from(source.bytes.subarray(0, settings.rows * source.cols), (v) => v / 255)
      );
      const chosen = await chooseBackend(settings, X);
      ((backendInUse = chosen.name), (backendWhy = chosen.why));
      const tensorsBefore = tensors();
      hooks.backendReady(backendInUse, backendWhy);
      const hooksOfRun = {signal: controller.signal, onUpdate: hooks.update};
      const result =
        backendInUse === "engine"
          ? await lab.runOnEngine(X, labConfig(settings), {...hooksOfRun, workerUrl: await workerUrl()})
          : await lab.train(await tfjs(), X, labConfig(settings), hooksOfRun);
      await hooks.finished(result, {number, tensorsBefore, stopWhy});
    } catch (error) {
      hooks.failed(error);
    } finally {
      running = undefined;
      hooks.settled();
      finish();
    }
  }

  return {
    get running() {
      return running !== undefined;
    },
    get backend() {
      return backendInUse;
    },
    get backendWhy() {
      return backendWhy;
    },
    tensors,
    stop,
    async halt(why) {
      const current = running;
      if (!current) return;
      stop(why);
      await current.done;
    },
    run
  };
}

/** The engine's worker bundle (scripts/bundle.ts), fetched on the first engine run. */
function workerUrl(): Promise<string> {
  return FileAttachment("../vendor/fit-worker.js").url();
}
