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

/**
 * Moves `rows` rows of `from` f32 values, packed at address, to a stride of `to` >= from values (last row
 * first, so that no row is overwritten before it moves), zeroing the lanes in between.
 */
export function spreadRows(address: usize, rows: i32, from: i32, to: i32): void {
  const source = (<usize>from) << 2,
    target = (<usize>to) << 2;
  for (let i = rows - 1; i >= 0; --i) {
    const at = address + <usize>i * target;
    memory.copy(at, address + <usize>i * source, source);
    memory.fill(at + source, 0, target - source);
  }
}

/** Packs `rows` rows of f64 values at address from a stride of `from` to `to` <= from values (first row first). */
export function packRows(address: usize, rows: i32, from: i32, to: i32): void {
  const source = (<usize>from) << 3,
    target = (<usize>to) << 3;
  for (let i = 1; i < rows; ++i) memory.copy(address + <usize>i * target, address + <usize>i * source, target);
}
