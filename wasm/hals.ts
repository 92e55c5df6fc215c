// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the HALS sweeps of
// engine/solvers/hals.ts in f64x2 SIMD, with the same arithmetic in the same order, so the factors
// equal the TypeScript sweeps' bit for bit. f and p are rows x r, g is r x r (symmetric), all f64.
// Within a row the r updates depend on each other (a dot product, then a division, per column);
// rows do not, so four rows are swept side by side, two per 128-bit lane pair, to keep four such
// chains in flight. t is scratch space for 32 (r + 1) f64 (16-byte aligned).

/** Rows per block of the squared change (engine/solvers/hals.ts ROW_BLOCK): a multiple of 4 GROUPS. */
const BLOCK = 1024;

/**
 * One sweep over F in place; writes the squared change of each block of BLOCK rows (the last may be
 * shorter), each summed from 0 in row order, to changes[0 .. ceil(rows / BLOCK) - 1] (f64).
 */
export function halsSweep(f: usize, p: usize, g: usize, t: usize, rows: i32, r: i32, changes: usize): void {
  const stride = (<usize>r) << 3;
  for (let start = 0, b = 0; start < rows; start += BLOCK, ++b) {
    const end = min(start + BLOCK, rows);
    let change: f64 = 0,
      i = start;
    for (let groups = 0; i + 4 <= end; i += 4 * groups) {
      groups = min(GROUPS, (end - i) >> 2);
      change = halsBlock(change, f + <usize>i * stride, p + <usize>i * stride, stride, g, r, t, groups);
    }
    for (; i < end; ++i) change += halsRow(f + <usize>i * stride, p + <usize>i * stride, g, r);
    store<f64>(changes + ((<usize>b) << 3), change);
  }
}

/** One sweep over the r entries of one row (addresses of its F and P rows); returns the squared change. */
function halsRow(fr: usize, pr: usize, g: usize, r: i32): f64 {
  let change: f64 = 0;
  for (let k = 0; k < r; ++k) {
    const gk = g + <usize>k * <usize>r * 8;
    const gkk = load<f64>(gk + ((<usize>k) << 3));
    if (!(gkk > 0)) continue;
    // The four partial sums of the TypeScript loop: lanes (s0, s1) and (s2, s3).
    let low = f64x2.splat(0),
      high = f64x2.splat(0),
      l = 0;
    for (; l + 4 <= r; l += 4) {
      const offset = (<usize>l) << 3;
      low = f64x2.add(low, f64x2.mul(v128.load(fr + offset), v128.load(gk + offset)));
      high = f64x2.add(high, f64x2.mul(v128.load(fr + offset, 16), v128.load(gk + offset, 16)));
    }
    let s0 = f64x2.extract_lane(low, 0);
    const s1 = f64x2.extract_lane(low, 1),
      s2 = f64x2.extract_lane(high, 0),
      s3 = f64x2.extract_lane(high, 1);
    for (; l < r; ++l) s0 += load<f64>(fr + ((<usize>l) << 3)) * load<f64>(gk + ((<usize>l) << 3));
    const at = (<usize>k) << 3;
    const old = load<f64>(fr + at);
    const value = max<f64>(0, old + (load<f64>(pr + at) - (s0 + s1 + (s2 + s3))) / gkk);
    store<f64>(fr + at, value);
    change += (value - old) * (value - old);
  }
  return change;
}

/** Groups of four rows swept together: 32 rows, whose lane-wise copy (8 (r + 1) 32 bytes) stays in L1. */
const GROUPS = 8;

/**
 * halsRow on `groups` groups of four rows from fr (row stride in bytes), their squared changes
 * added to `total` in row order. Each group is first copied to t across lanes: for each column l,
 * the pair (row 0, row 1) then the pair (row 2, row 3), so that one splat of G[k, l] multiplies
 * two rows at once and each row's sum is one lane, with no horizontal additions; after the r
 * columns come the group's two squared-change accumulators. Column k is updated in every group
 * before column k + 1 in any: the groups' updates do not depend on each other, so the processor
 * overlaps them instead of waiting on each row's dot product, division and store in turn.
 *
 * Each lane adds its terms in the four partial sums of the TypeScript loop (l mod 4, the tail into
 * the first), combined as s0 + s1 + (s2 + s3).
 */
function halsBlock(total: f64, fr: usize, pr: usize, stride: usize, g: usize, r: i32, t: usize, groups: i32): f64 {
  const span = (<usize>r + 1) << 5,
    zero = f64x2.splat(0);
  for (let q = 0; q < groups; ++q) {
    const tq = t + <usize>q * span,
      f0 = fr + <usize>(4 * q) * stride;
    for (let l = 0; l < r; ++l) {
      const at = (<usize>l) << 3,
        to = tq + ((<usize>l) << 5);
      v128.store(to, f64x2.replace_lane(f64x2.splat(load<f64>(f0 + at)), 1, load<f64>(f0 + stride + at)));
      v128.store(
        to,
        f64x2.replace_lane(f64x2.splat(load<f64>(f0 + 2 * stride + at)), 1, load<f64>(f0 + 3 * stride + at)),
        16
      );
    }
    v128.store(tq + span - 32, zero);
    v128.store(tq + span - 32, zero, 16);
  }
  for (let k = 0; k < r; ++k) {
    const gk = g + <usize>k * <usize>r * 8;
    const gkk = load<f64>(gk + ((<usize>k) << 3));
    if (!(gkk > 0)) continue;
    const diagonal = f64x2.splat(gkk);
    for (let q = 0; q < groups; ++q) {
      const tq = t + <usize>q * span,
        p0 = pr + <usize>(4 * q) * stride;
      let a0 = zero,
        a1 = zero,
        a2 = zero,
        a3 = zero,
        b0 = zero,
        b1 = zero,
        b2 = zero,
        b3 = zero,
        l = 0;
      for (; l + 4 <= r; l += 4) {
        const gl = gk + ((<usize>l) << 3),
          tl = tq + ((<usize>l) << 5);
        const g0 = v128.load64_splat(gl),
          g1 = v128.load64_splat(gl, 8),
          g2 = v128.load64_splat(gl, 16),
          g3 = v128.load64_splat(gl, 24);
        a0 = f64x2.add(a0, f64x2.mul(v128.load(tl), g0));
        b0 = f64x2.add(b0, f64x2.mul(v128.load(tl, 16), g0));
        a1 = f64x2.add(a1, f64x2.mul(v128.load(tl, 32), g1));
        b1 = f64x2.add(b1, f64x2.mul(v128.load(tl, 48), g1));
        a2 = f64x2.add(a2, f64x2.mul(v128.load(tl, 64), g2));
        b2 = f64x2.add(b2, f64x2.mul(v128.load(tl, 80), g2));
        a3 = f64x2.add(a3, f64x2.mul(v128.load(tl, 96), g3));
        b3 = f64x2.add(b3, f64x2.mul(v128.load(tl, 112), g3));
      }
      for (; l < r; ++l) {
        const gl = v128.load64_splat(gk + ((<usize>l) << 3)),
          tl = tq + ((<usize>l) << 5);
        a0 = f64x2.add(a0, f64x2.mul(v128.load(tl), gl));
        b0 = f64x2.add(b0, f64x2.mul(v128.load(tl, 16), gl));
      }
      const at = (<usize>k) << 3,
        tk = tq + ((<usize>k) << 5),
        changes = tq + ((<usize>r) << 5);
      const oldA = v128.load(tk),
        oldB = v128.load(tk, 16);
      const pA = f64x2.replace_lane(f64x2.splat(load<f64>(p0 + at)), 1, load<f64>(p0 + stride + at)),
        pB = f64x2.replace_lane(f64x2.splat(load<f64>(p0 + 2 * stride + at)), 1, load<f64>(p0 + 3 * stride + at));
      const sumA = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)),
        sumB = f64x2.add(f64x2.add(b0, b1), f64x2.add(b2, b3));
      const valueA = f64x2.max(zero, f64x2.add(oldA, f64x2.div(f64x2.sub(pA, sumA), diagonal))),
        valueB = f64x2.max(zero, f64x2.add(oldB, f64x2.div(f64x2.sub(pB, sumB), diagonal)));
      v128.store(tk, valueA);
      v128.store(tk, valueB, 16);
      const dA = f64x2.sub(valueA, oldA),
        dB = f64x2.sub(valueB, oldB);
      v128.store(changes, f64x2.add(v128.load(changes), f64x2.mul(dA, dA)));
      v128.store(changes, f64x2.add(v128.load(changes, 16), f64x2.mul(dB, dB)), 16);
    }
  }
  for (let q = 0; q < groups; ++q) {
    const tq = t + <usize>q * span,
      f0 = fr + <usize>(4 * q) * stride;
    for (let l = 0; l < r; ++l) {
      const at = (<usize>l) << 3,
        from = tq + ((<usize>l) << 5);
      const A = v128.load(from),
        B = v128.load(from, 16);
      store<f64>(f0 + at, f64x2.extract_lane(A, 0));
      store<f64>(f0 + stride + at, f64x2.extract_lane(A, 1));
      store<f64>(f0 + 2 * stride + at, f64x2.extract_lane(B, 0));
      store<f64>(f0 + 3 * stride + at, f64x2.extract_lane(B, 1));
    }
    const changeA = v128.load(tq + span - 32),
      changeB = v128.load(tq + span - 32, 16);
    total =
      total +
      f64x2.extract_lane(changeA, 0) +
      f64x2.extract_lane(changeA, 1) +
      f64x2.extract_lane(changeB, 0) +
      f64x2.extract_lane(changeB, 1);
  }
  return total;
}
