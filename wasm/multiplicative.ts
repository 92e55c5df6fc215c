// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the elementwise part of the
// multiplicative update of engine/solvers/multiplicative.ts, f <- f * p / (q + epsilon) with q = F G,
// in f64x2 SIMD: the same correctly rounded operations in the same order, equal bit for bit.

import {SMALLEST_NORMAL} from "./rowChunks";

/** f[k] <- f[k] * (p[k] / (q[k] + epsilon)) for k < length, 0 where that is below SMALLEST_NORMAL. */
export function multiplicativeUpdate(f: usize, p: usize, q: usize, length: i32, epsilon: f64): void {
  const eps = f64x2.splat(epsilon),
    normal = f64x2.splat(SMALLEST_NORMAL);
  let k = 0;
  for (; k + 2 <= length; k += 2) {
    const at = (<usize>k) << 3;
    const v = f64x2.mul(v128.load(f + at), f64x2.div(v128.load(p + at), f64x2.add(v128.load(q + at), eps)));
    v128.store(f + at, v128.andnot(v, f64x2.lt(v, normal)));
  }
  for (; k < length; ++k) {
    const at = (<usize>k) << 3;
    const v = load<f64>(f + at) * (load<f64>(p + at) / (load<f64>(q + at) + epsilon));
    store<f64>(f + at, v < SMALLEST_NORMAL ? 0 : v);
  }
}
