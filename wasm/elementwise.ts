// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the elementwise loops of engine/kernels/tall.ts,
// `subtract` and `dot`, in f64x2 SIMD for arrays that live in WebAssembly memory: the same correctly rounded
// operations in the same order, equal bit for bit.

/** a[k] <- a[k] - b[k] for k < length. */
export function subtract(a: usize, b: usize, length: i32): void {
  let k = 0;
  for (; k + 2 <= length; k += 2) {
    const at = (<usize>k) << 3;
    v128.store(a + at, f64x2.sub(v128.load(a + at), v128.load(b + at)));
  }
  if (k < length) {
    const at = (<usize>k) << 3;
    store<f64>(a + at, load<f64>(a + at) - load<f64>(b + at));
  }
}

/**
 * The sum of a[k] b[k] for k < length, in the four partial sums of tall.ts `dot` (entries k mod 4, the
 * leftover entries into the first) added as (s0 + s1) + (s2 + s3): lanes (s0, s1) and (s2, s3) of two vectors.
 */
export function dot(a: usize, b: usize, length: i32): f64 {
  let low = f64x2.splat(0),
    high = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= length; k += 4) {
    const at = (<usize>k) << 3;
    low = f64x2.add(low, f64x2.mul(v128.load(a + at), v128.load(b + at)));
    high = f64x2.add(high, f64x2.mul(v128.load(a + at + 16), v128.load(b + at + 16)));
  }
  let s0 = f64x2.extract_lane(low, 0);
  for (; k < length; ++k) {
    const at = (<usize>k) << 3;
    s0 += load<f64>(a + at) * load<f64>(b + at);
  }
  return s0 + f64x2.extract_lane(low, 1) + (f64x2.extract_lane(high, 0) + f64x2.extract_lane(high, 1));
}
