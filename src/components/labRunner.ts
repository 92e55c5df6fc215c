/**
 * The lab panel's run controller: one tfjs run at a time (lab/train.ts) on the chosen backend, on the
 * first images of a source, stopped by an AbortController; it reports to the panel through hooks.
 */
import type {LabResult, LabUpdate} from "../../lab/index.js";
import {lab} from "./labBundle.js";
import type {LabImages} from "./labFiles.js";
import {labConfig, type LabSettings} from "./labForm.js";
import {selectBackend, type BackendName} from "./tfBackend.js";

export type Tf = Parameters<typeof selectBackend>[0];

export interface RunHooks {
  /** Before anything else of the run. */
  started(): void;
  /** The backend is ready; the iterations begin. */
  backendReady(backend: string): void;
  /** After every chunk of iterations (lab/train.ts `onUpdate`). */
  update(update: LabUpdate): Promise<void>;
  /** The run ended (also when stopped): `tensorsBefore` is tf.memory().numTensors at its start. */
  finished(result: LabResult, run: {number: number; tensorsBefore: number; stopWhy: string}): Promise<void>;
  /** The run, or a hook, threw. */
  failed(error: unknown): void;
  /** Last, whatever happened. */
  settled(): void;
}

export interface LabRunner {
  readonly running: boolean;
  /** The backend of the last run, if there was one. */
  readonly backend: string | undefined;
  /** Stops the run in progress (if any), saying why in its result. */
  stop(why: string): void;
  /** Stops the run in progress (if any) and waits until it has ended. */
  halt(why: string): Promise<void>;
  /** Runs the settings on `source`; resolves once the run and its hooks are done. */
  run(settings: LabSettings, source: LabImages, hooks: RunHooks): Promise<void>;
}

export function labRunner(tf: Tf): LabRunner {
  let running: {controller: AbortController; done: Promise<void>} | undefined;
  let stopWhy = "";
  let runCount = 0;
  let backendInUse: string | undefined;
  let autoBackend: BackendName | undefined;

  /** The backend for this run: the chosen one, or the automatic order (webgl on a GPU, else wasm, else cpu; found once). */
  async function chooseBackend(choice: LabSettings["backend"]): Promise<string> {
    if (choice !== "auto") return selectBackend(tf, [choice]);
    autoBackend ??= await selectBackend(tf);
    if (tf.getBackend() !== autoBackend) await selectBackend(tf, [autoBackend]);
    return autoBackend;
  }

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
      backendInUse = await chooseBackend(settings.backend);
      const tensorsBefore = tf.memory().numTensors;
      const X = lab.matrix(
        settings.rows,
        source.cols,
        Float32Array.from(source.bytes.subarray(0, settings.rows * source.cols), (v) => v / 255)
      );
      hooks.backendReady(backendInUse);
      const result = await lab.train(tf, X, labConfig(settings), {signal: controller.signal, onUpdate: hooks.update});
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
