// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the float32 operand's entries below 2^-100 in
// magnitude set to zero before the float32 products (engine/kernels/float32.ts says why).

/** 2^-100 (FLOAT32_FLUSH of engine/kernels/float32.ts), exact in float32. */
const FLUSH: f32 = 7.88860905e-31;

/** Sets the float32 entries of [address, address + 4 count) below 2^-100 in magnitude to +0; NaN stays NaN. */
export function flushTiny(address: usize, count: i32): void {
  const smallest = f32x4.splat(FLUSH);
  const end = address + ((<usize>count) << 2);
  let p = address;
  for (; p + 16 <= end; p += 16) {
    const v = v128.load(p);
    v128.store(p, v128.andnot(v, f32x4.lt(f32x4.abs(v), smallest)));
  }
  for (; p < end; p += 4) if (abs<f32>(load<f32>(p)) < FLUSH) store<f32>(p, 0);
}
