// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the projected Adam step of
// engine/solvers/optimizer.ts in f64x2 SIMD. Same operations in the same order (sqrt and division
// are correctly rounded in both), so the parameters equal the TypeScript step's bit for bit.

import {SMALLEST_NORMAL} from "./rowChunks";

/** Whether every scale g[k] (k < length) is finite: v - v is 0 for finite values and NaN otherwise. */
export function allFinite(g: usize, length: i32, scale: f64): bool {
  const c = f64x2.splat(scale);
  let zero = f64x2.splat(0),
    k = 0;
  for (; k + 2 <= length; k += 2) {
    const v = f64x2.mul(c, v128.load(g + ((<usize>k) << 3)));
    zero = f64x2.add(zero, f64x2.sub(v, v));
  }
  let rest: f64 = f64x2.extract_lane(zero, 0) + f64x2.extract_lane(zero, 1);
  for (; k < length; ++k) {
    const v = scale * load<f64>(g + ((<usize>k) << 3));
    rest += v - v;
  }
  return rest == 0;
}

/**
 * x <- max(0, x - stepSize m / (sqrt(s) / root2 + epsilon)) after m <- beta1 m + (1 - beta1) g and
 * s <- beta2 s + (1 - beta2) g^2, each moment set to 0 below SMALLEST_NORMAL in size, over `length`
 * entries, with g the gradient times `scale`.
 */
export function adamStep(
  x: usize,
  g: usize,
  m: usize,
  s: usize,
  length: i32,
  beta1: f64,
  beta2: f64,
  stepSize: f64,
  root2: f64,
  epsilon: f64,
  scale: f64
): void {
  const a1 = 1 - beta1,
    a2 = 1 - beta2;
  const b1 = f64x2.splat(beta1),
    b2 = f64x2.splat(beta2),
    c1 = f64x2.splat(a1),
    c2 = f64x2.splat(a2),
    step = f64x2.splat(stepSize),
    root = f64x2.splat(root2),
    eps = f64x2.splat(epsilon),
    zero = f64x2.splat(0),
    times = f64x2.splat(scale),
    normal = f64x2.splat(SMALLEST_NORMAL);
  let k = 0;
  for (; k + 2 <= length; k += 2) {
    const at = (<usize>k) << 3;
    const gk = f64x2.mul(times, v128.load(g + at));
    const m1 = f64x2.add(f64x2.mul(b1, v128.load(m + at)), f64x2.mul(c1, gk));
    const s1 = f64x2.add(f64x2.mul(b2, v128.load(s + at)), f64x2.mul(f64x2.mul(c2, gk), gk));
    const mk = v128.andnot(m1, f64x2.lt(f64x2.abs(m1), normal)),
      sk = v128.andnot(s1, f64x2.lt(s1, normal));
    v128.store(m + at, mk);
    v128.store(s + at, sk);
    const v = f64x2.sub(
      v128.load(x + at),
      f64x2.div(f64x2.mul(step, mk), f64x2.add(f64x2.div(f64x2.sqrt(sk), root), eps))
    );
    v128.store(x + at, v128.and(v, f64x2.gt(v, zero)));
  }
  for (; k < length; ++k) {
    const at = (<usize>k) << 3;
    const gk = scale * load<f64>(g + at);
    const m1 = beta1 * load<f64>(m + at) + a1 * gk;
    const s1 = beta2 * load<f64>(s + at) + a2 * gk * gk;
    const mk = Math.abs(m1) < SMALLEST_NORMAL ? 0 : m1,
      sk = s1 < SMALLEST_NORMAL ? 0 : s1;
    store<f64>(m + at, mk);
    store<f64>(s + at, sk);
    const v = load<f64>(x + at) - (stepSize * mk) / (Math.sqrt(sk) / root2 + epsilon);
    store<f64>(x + at, v > 0 ? v : 0);
  }
}
