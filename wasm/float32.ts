// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the float32 operand of the products, rounded from
// float64, with its entries below 2^-100 in magnitude set to zero (engine/kernels/float32.ts says why).

/** 2^-100 (FLOAT32_FLUSH of engine/kernels/float32.ts), exact in float32. */
const FLUSH: f32 = 7.88860905e-31;

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

/**
 * Rounds the `count` f64 values at address to f32, in place (packed from address on), and sets those below
 * 2^-100 in magnitude to +0 (NaN stays NaN): engine/kernels/float32.ts `operand` on every entry, in one pass.
 * Each store lands at or below the loads still to come (4 bytes an entry against 8).
 */
export function demoteTiny(address: usize, count: i32): void {
  const smallest = f32x4.splat(FLUSH);
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    const from = address + ((<usize>k) << 3);
    const low = f32x4.demote_f64x2_zero(v128.load(from)),
      high = f32x4.demote_f64x2_zero(v128.load(from + 16));
    const v = v128.shuffle<f32>(low, high, 0, 1, 4, 5);
    v128.store(address + ((<usize>k) << 2), v128.andnot(v, f32x4.lt(f32x4.abs(v), smallest)));
  }
  for (; k < count; ++k) {
    const v = <f32>load<f64>(address + ((<usize>k) << 3));
    store<f32>(address + ((<usize>k) << 2), abs<f32>(v) < FLUSH ? 0 : v);
  }
}
