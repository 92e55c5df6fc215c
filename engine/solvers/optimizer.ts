import {tall, type Tall} from "../kernels/tall.js";
import {SMALLEST_NORMAL} from "../kernels/subnormal.js";
import {WASM_MIN_WORK, WasmSpace, wasmKernels} from "../kernels/wasm.js";

/** Adam's epsilon, as PyTorch's default. */
export const ADAM_EPSILON = 1e-8;

/**
 * Adam's bias corrections for steps t = 1, 2, ... (one call per step): the step size `lr / (1 - beta1^t)`
 * and `sqrt(1 - beta2^t)`. beta^t are running products: `**` (Math.pow) differs in the last bit between
 * JavaScript engines (Node 20 and Chromium 156 disagree on 0.9 ** 6), and a rerun in a browser must
 * match the build exactly. The browser lab's Adam (lab/optimizer.ts) takes them from here too.
 */
export function adamBiasCorrections(lr: number, beta1: number, beta2: number): () => {stepSize: number; root2: number} {
  let power1 = 1,
    power2 = 1;
  return () => {
    const c1 = 1 - (power1 *= beta1),
      c2 = 1 - (power2 *= beta2);
    return {stepSize: lr / c1, root2: Math.sqrt(c2)};
  };
}

export interface OptimizerOptions {
  kind: "adam" | "gd";
  lr: number;
  beta1: number;
  beta2: number;
}

/** Projected first-order steps on a list of factors, which it keeps (see `createOptimizer`). */
export interface Optimizer {
  /**
   * The parameters where the steps update them: for Adam with the WebAssembly kernels, copies of the
   * given factors in the optimizer's WebAssembly memory (no copy in or out at a step); otherwise the
   * given factors themselves. The solver reads and writes these.
   */
  readonly params: Tall[];
  /** The gradient of each parameter (same order), which the solver fills before each `step`. */
  readonly gradients: Float64Array[];
  /**
   * The solver's own buffers, of the lengths it asked for, beside the parameters: in the same WebAssembly
   * memory when they are there, so that its products with them run without copies (kernels/wasmSteps.ts).
   */
  readonly workspace: Float64Array[];
  /**
   * One step of every parameter, with `scale` times its gradient. Returns false, changing nothing,
   * when a scaled gradient (for gd, `lr` times it) has a non-finite entry: a diverging run.
   */
  step(scale?: number): boolean;
  /**
   * `step` in two parts, so that a solver can move some parameters before others: `begin` checks every
   * gradient (false, changing nothing, as `step`), then `update(first, end)` moves parameters first .. end - 1
   * by the step begun; each parameter must be updated once before the next `begin`.
   */
  begin(scale?: number): boolean;
  update(first: number, end: number): void;
}

/**
 * Projected first-order steps on a list of factors: `x <- max(0, x - lr * direction)`, where the
 * direction is the gradient (gd) or Adam's bias-corrected ratio `m_hat / (sqrt(v_hat) + eps)`
 * (Kingma and Ba, ICLR 2015; PyTorch's update order). Clamping at zero after each step is the
 * projection onto the non-negative orthant, as the study did.
 */
export function createOptimizer(
  params: Tall[],
  options: OptimizerOptions,
  workspace: readonly number[] = []
): Optimizer {
  const {kind, lr, beta1, beta2} = options;
  if (kind === "adam") {
    const module = wasmKernels();
    const size = params.reduce((total, p) => total + p.data.length, 0);
    if (module && size >= WASM_MIN_WORK) return wasmAdam(module, params, options, workspace);
  }
  const gradients = params.map((p) => new Float64Array(p.data.length));
  const first = kind === "adam" ? params.map((p) => new Float64Array(p.data.length)) : [];
  const second = kind === "adam" ? params.map((p) => new Float64Array(p.data.length)) : [];
  const corrections = adamBiasCorrections(lr, beta1, beta2);
  let begun = {scale: 1, stepSize: 0, root2: 0};
  return withStep({
    params,
    gradients,
    workspace: workspace.map((length) => new Float64Array(length)),
    begin(scale = 1): boolean {
      const factor = kind === "gd" ? lr * scale : scale;
      for (let q = 0; q < gradients.length; ++q) if (!allFinite(gradients[q], factor)) return false;
      begun = {scale, ...(kind === "adam" ? corrections() : {stepSize: 0, root2: 0})};
      return true;
    },
    update(from: number, end: number): void {
      const {scale, stepSize, root2} = begun;
      for (let q = from; q < end; ++q) {
        if (kind === "gd") gradientStep(params[q].data, gradients[q], lr, scale);
        else adamStep(params[q].data, gradients[q], first[q], second[q], beta1, beta2, stepSize, root2, scale);
      }
    }
  });
}

/** An optimizer's `step`: `begin`, then `update` of every parameter. */
function withStep(parts: Omit<Optimizer, "step">): Optimizer {
  return {...parts, step: (scale = 1) => parts.begin(scale) && (parts.update(0, parts.params.length), true)};
}

/** Whether every `c * g[k]` is finite: a NaN or infinite product turns the running sum of `product * 0` into NaN. */
function allFinite(g: Float64Array, c: number): boolean {
  let zero = 0;
  for (let k = 0; k < g.length; ++k) zero += c * g[k] * 0;
  return zero === 0;
}

/** x <- max(0, x - lr (scale g)) */
function gradientStep(x: Float64Array, g: Float64Array, lr: number, scale: number): void {
  for (let k = 0; k < x.length; ++k) {
    const v = x[k] - lr * (scale * g[k]);
    x[k] = v > 0 ? v : 0;
  }
}

/**
 * One projected Adam step on one parameter, with its moment estimates m and s, the gradient g read as `scale` g.
 * Moments below SMALLEST_NORMAL are set to 0 (kernels/subnormal.ts): such a moment would move its entry
 * by at most lr / (1 - beta1^t) 2^-1022 / eps (2e-302 at lr 1e-2).
 */
export function adamStep(
  x: Float64Array,
  g: Float64Array,
  m: Float64Array,
  s: Float64Array,
  beta1: number,
  beta2: number,
  stepSize: number,
  root2: number,
  scale: number
): void {
  const a1 = 1 - beta1,
    a2 = 1 - beta2;
  for (let k = 0; k < x.length; ++k) {
    const gk = scale * g[k];
    const m1 = beta1 * m[k] + a1 * gk,
      s1 = beta2 * s[k] + a2 * gk * gk;
    const mk = (m[k] = Math.abs(m1) < SMALLEST_NORMAL ? 0 : m1);
    const sk = (s[k] = s1 < SMALLEST_NORMAL ? 0 : s1);
    // x - lr * (m / c1) / (sqrt(s / c2) + eps), written as PyTorch does.
    const v = x[k] - (stepSize * mk) / (Math.sqrt(sk) / root2 + ADAM_EPSILON);
    x[k] = v > 0 ? v : 0;
  }
}

/**
 * The same Adam steps in WebAssembly SIMD (wasm/adam.ts), equal bit for bit. Parameters, gradients,
 * moment estimates and the solver's workspace all live in the instance's memory, allocated once here (so
 * the views never move).
 */
function wasmAdam(
  module: WebAssembly.Module,
  given: Tall[],
  {lr, beta1, beta2}: OptimizerOptions,
  workspace: readonly number[]
): Optimizer {
  const space = new WasmSpace(module);
  // Fresh WebAssembly memory is zero: the moments start at 0.
  const regions = given.map((p) => {
    const bytes = 8 * p.data.length;
    return {x: space.allocate(bytes), g: space.allocate(bytes), m: space.allocate(bytes), s: space.allocate(bytes)};
  });
  const own = workspace.map((length) => space.allocate(8 * length));
  const params = given.map((p, q) => {
    const x = space.f64(regions[q].x, p.data.length);
    x.set(p.data);
    return tall(p.rows, p.r, x);
  });
  const gradients = given.map((p, q) => space.f64(regions[q].g, p.data.length));
  const corrections = adamBiasCorrections(lr, beta1, beta2);
  let begun = {scale: 1, stepSize: 0, root2: 0};
  return withStep({
    params,
    gradients,
    workspace: own.map((address, q) => space.f64(address, workspace[q])),
    begin(scale = 1): boolean {
      for (let q = 0; q < params.length; ++q)
        if (!space.allFinite(regions[q].g, gradients[q].length, scale)) return false;
      begun = {scale, ...corrections()};
      return true;
    },
    update(from: number, end: number): void {
      const {scale, stepSize, root2} = begun;
      for (let q = from; q < end; ++q) {
        const {x, g, m, s} = regions[q];
        space.adamStep(x, g, m, s, params[q].data.length, beta1, beta2, stepSize, root2, ADAM_EPSILON, scale);
      }
    }
  });
}
