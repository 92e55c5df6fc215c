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
   * `step` in parts, so that a solver can move some parameters before it has the others' gradients:
   * `finite` checks the scaled gradients of parameters first .. end - 1 (`step`'s test), `begin` starts a
   * step of every parameter by `scale` times its gradient (Adam's bias corrections), `update` moves
   * parameters first .. end - 1 by it, once each per step; `save` returns a function that puts parameters
   * first .. end - 1 and their moments back as they are now, and has the next `begin` start the same step
   * again (for a step abandoned because a later gradient was not finite).
   */
  finite(scale: number, first: number, end: number): boolean;
  begin(scale?: number): void;
  update(first: number, end: number): void;
  save(first: number, end: number): () => void;
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
  const state = (q: number) => [params[q].data, ...(kind === "adam" ? [first[q], second[q]] : [])];
  return assemble(
    params,
    gradients,
    workspace.map((length) => new Float64Array(length)),
    options,
    {
      finite: (q, factor) => allFinite(gradients[q], factor),
      move(q, {scale, stepSize, root2}) {
        if (kind === "gd") gradientStep(params[q].data, gradients[q], lr, scale);
        else adamStep(params[q].data, gradients[q], first[q], second[q], beta1, beta2, stepSize, root2, scale);
      },
      state
    }
  );
}

/** A step begun: the gradients' scale and Adam's bias corrections. */
interface Begun {
  scale: number;
  stepSize: number;
  root2: number;
}

/** What differs between the TypeScript and WebAssembly optimizers. */
interface OptimizerKernels {
  /** Whether `factor` times parameter q's gradient is finite everywhere. */
  finite(q: number, factor: number): boolean;
  /** Moves parameter q by the step begun. */
  move(q: number, begun: Begun): void;
  /** Parameter q's value and moments (the arrays the steps update). */
  state(q: number): Float64Array[];
}

/** An Optimizer from its kernels: the order of a step, Adam's bias corrections, and `save`. */
function assemble(
  params: Tall[],
  gradients: Float64Array[],
  workspace: Float64Array[],
  {kind, lr, beta1, beta2}: OptimizerOptions,
  kernels: OptimizerKernels
): Optimizer {
  const corrections = adamBiasCorrections(lr, beta1, beta2);
  let begun: Begun = {scale: 1, stepSize: 0, root2: 0};
  let replay = false;
  // `save`'s copies of each parameter's value and moments, allocated on first use.
  const copies: Float64Array[][] = params.map(() => []);
  const optimizer: Optimizer = {
    params,
    gradients,
    workspace,
    finite(scale, first, end) {
      for (let q = first; q < end; ++q) if (!kernels.finite(q, kind === "gd" ? lr * scale : scale)) return false;
      return true;
    },
    begin(scale = 1) {
      // After an abandoned step the corrections were drawn already: the same step starts again.
      const drawn = replay ? begun : kind === "adam" ? corrections() : begun;
      begun = {scale, stepSize: drawn.stepSize, root2: drawn.root2};
      replay = false;
    },
    update(first, end) {
      for (let q = first; q < end; ++q) kernels.move(q, begun);
    },
    save(first, end) {
      for (let q = first; q < end; ++q)
        kernels.state(q).forEach((a, j) => (copies[q][j] ??= new Float64Array(a.length)).set(a));
      return () => {
        for (let q = first; q < end; ++q) kernels.state(q).forEach((a, j) => a.set(copies[q][j]));
        replay = true;
      };
    },
    step(scale = 1) {
      if (!optimizer.finite(scale, 0, params.length)) return false;
      optimizer.begin(scale);
      optimizer.update(0, params.length);
      return true;
    }
  };
  return optimizer;
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
  const moment = (address: number, q: number) => space.f64(address, given[q].data.length);
  return assemble(
    params,
    gradients,
    own.map((address, q) => space.f64(address, workspace[q])),
    {kind: "adam", lr, beta1, beta2},
    {
      finite: (q, scale) => space.allFinite(regions[q].g, gradients[q].length, scale) !== 0,
      move(q, {scale, stepSize, root2}) {
        const {x, g, m, s} = regions[q];
        space.adamStep(x, g, m, s, params[q].data.length, beta1, beta2, stepSize, root2, ADAM_EPSILON, scale);
      },
      state: (q) => [params[q].data, moment(regions[q].m, q), moment(regions[q].s, q)]
    }
  );
}
