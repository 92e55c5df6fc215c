/**
 * The lab's automatic backend, chosen by measurement. With a hardware GPU backend in the browser (WebGPU on a
 * hardware adapter, WebGL on a GPU), a few steps of the configured run are timed on each of them and on the
 * engine, and the faster per step runs; without one (software WebGL, a fallback WebGPU adapter, as in headless
 * Chromium), the engine runs without measuring: on a CPU it is faster than tfjs (docs/performance.md).
 *
 * Per step means without the start-up: the engine's steps are timed from its own records (the worker and its
 * WebAssembly start before step 0); a tfjs backend's as the difference between a 12-step and a 2-step run, after
 * a first short run that compiles its shaders.
 */
import type {LabConfig, LabResult} from "../../lab/index.js";
import type {Matrix} from "../../engine/index.js";
import {lab} from "./labBundle.js";
import {hasHardwareWebgl, selectBackend, webglRenderer, type BackendName, type PageTf as Tf} from "./tfBackend.js";
import {webgpuAdapter} from "./webgpuBackend.js";

export interface BackendChoice {
  name: "engine" | BackendName;
  /** Why it runs, as the lab says it: "auto: webgpu 3.1 ms/step vs engine 5.2". */
  why: string;
}

/** Steps timed per backend. */
const timedSteps = 10;

/** The hardware GPU backends of this browser, and why there are none when there are none. */
export async function gpuBackends(): Promise<{names: BackendName[]; why: string}> {
  const adapter = await webgpuAdapter();
  const names: BackendName[] = [];
  if (adapter.found && adapter.hardware) names.push("webgpu");
  if (hasHardwareWebgl()) names.push("webgl");
  const webgpu = adapter.found ? `WebGPU only on a software adapter (${adapter.name})` : `no WebGPU (${adapter.why})`;
  const renderer = webglRenderer();
  const webgl = renderer ? `WebGL only in software (${renderer})` : "no WebGL";
  return {names, why: names.length ? "" : `${webgpu}, ${webgl}`};
}

/** The automatic choice for `config` on X (see above); leaves tfjs on the chosen backend when it is one of tfjs's. */
export async function automaticBackend(
  loadTf: () => Promise<Tf>,
  X: Matrix,
  config: LabConfig,
  workerUrl: string
): Promise<BackendChoice> {
  const gpus = await gpuBackends();
  if (gpus.names.length === 0) return {name: "engine", why: `auto: no hardware GPU (${gpus.why}), so the engine`};
  // tfjs is imported only here, where there is a GPU backend to measure.
  const tf = await loadTf();
  const best = fastest(await measureBackends(tf, X, config, workerUrl, gpus.names));
  if (best.name !== "engine" && tf.getBackend() !== best.name) await selectBackend(tf, [best.name]);
  return best;
}

export interface StepTime {
  name: "engine" | BackendName;
  /** Milliseconds per step. */
  ms: number;
}

/** Milliseconds per step of `config` on X on the engine and on each tfjs backend of `names` that starts. */
export async function measureBackends(
  tf: Tf,
  X: Matrix,
  config: LabConfig,
  workerUrl: string,
  names: readonly BackendName[]
): Promise<StepTime[]> {
  const times: StepTime[] = [{name: "engine", ms: await engineMsPerStep(X, config, workerUrl)}];
  for (const name of names) {
    if ((await selectBackend(tf, [name]).catch(() => undefined)) !== name) continue;
    times.push({name, ms: await tfjsMsPerStep(tf, X, config)});
  }
  return times;
}

/** The fastest per step, and the measurement as the lab says it: "auto: webgpu 3.1 ms/step vs engine 5.2". */
export function fastest(times: readonly StepTime[]): BackendChoice {
  const best = times.reduce((a, b) => (b.ms < a.ms ? b : a));
  const others = times.filter((t) => t !== best).map((t) => `${t.name} ${format(t.ms)}`);
  return {name: best.name, why: `auto: ${best.name} ${format(best.ms)} ms/step vs ${others.join(", ")}`};
}

function format(ms: number): string {
  return ms >= 10 ? ms.toFixed(0) : ms.toPrecision(2);
}

async function engineMsPerStep(X: Matrix, config: LabConfig, workerUrl: string): Promise<number> {
  const result = await lab.runOnEngine(X, short(config, timedSteps), {workerUrl});
  return perStep(result);
}

async function tfjsMsPerStep(tf: Tf, X: Matrix, config: LabConfig): Promise<number> {
  await lab.train(tf, X, short(config, 2));
  const [few, more] = [await lab.train(tf, X, short(config, 2)), await lab.train(tf, X, short(config, 2 + timedSteps))];
  return Math.max(0, more.wallMs - few.wallMs) / timedSteps;
}

/** The configured run cut to `steps` steps (never stopped early in so few). */
function short(config: LabConfig, steps: number): LabConfig {
  return {...config, iterations: Math.min(steps, config.iterations), earlyStop: false};
}

/** Milliseconds per step between the first and the last record. */
function perStep({records}: LabResult): number {
  const first = records[0],
    last = records[records.length - 1];
  return last.step > first.step ? (last.timeMs - first.timeMs) / (last.step - first.step) : Infinity;
}
