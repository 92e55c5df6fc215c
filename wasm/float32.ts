// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the float32 operand's subnormals set to
// zero before the float32 products (engine/kernels/float32.ts says why).

/** The smallest normal float32, 2^-126. */
const SMALLEST_NORMAL: f32 = 1.17549435e-38;

/** Sets the float32 entries of [address, address + 4 count) below 2^-126 in magnitude to +0; NaN stays NaN. */
export function flushSubnormals(address: usize, count: i32): void {
  const smallest = f32x4.splat(SMALLEST_NORMAL);
  const end = address + ((<usize>count) << 2);
  let p = address;
  for (; p + 16 <= end; p += 16) {
    const v = v128.load(p);
    v128.store(p, v128.andnot(v, f32x4.lt(f32x4.abs(v), smallest)));
  }
  for (; p < end; p += 4) if (abs<f32>(load<f32>(p)) < SMALLEST_NORMAL) store<f32>(p, 0);
}
