// AssemblyScript (compiled by scripts/generateWasmKernels.ts): the HALS sweeps of
// engine/solvers/hals.ts in f64x2 SIMD, with the same arithmetic in the same order, so the factors
// equal the TypeScript sweeps' bit for bit. f and p are rows x r, g is r x r (symmetric), all f64.
// Within a row the r updates depend on each other (a dot product, then a division, per column);
// rows do not, so four rows are swept side by side to keep four such chains in flight.

/** Sweeps F in place; stops after `maxSweeps` or when a sweep's squared change is at most `stop` times the first's. */
export function halsSweeps(f: usize, p: usize, g: usize, rows: i32, r: i32, maxSweeps: i32, stop: f64): i32 {
  const stride = (<usize>r) << 3;
  let first: f64 = 0;
  for (let sweep = 0; sweep < maxSweeps; ++sweep) {
    let change: f64 = 0,
      i = 0;
    for (; i + 4 <= rows; i += 4)
      change = halsRows4(change, f + <usize>i * stride, p + <usize>i * stride, stride, g, r);
    for (; i < rows; ++i) change += halsRow(f + <usize>i * stride, p + <usize>i * stride, g, r);
    if (sweep == 0) first = change;
    else if (change <= stop * first) return sweep + 1;
  }
  return maxSweeps;
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

/** halsRow on the four rows from fr (row stride in bytes), their squared changes added to `total` in row order. */
function halsRows4(total: f64, fr: usize, pr: usize, stride: usize, g: usize, r: i32): f64 {
  const f0 = fr + 0 * stride,
    p0 = pr + 0 * stride;
  let change0: f64 = 0;
  const f1 = fr + 1 * stride,
    p1 = pr + 1 * stride;
  let change1: f64 = 0;
  const f2 = fr + 2 * stride,
    p2 = pr + 2 * stride;
  let change2: f64 = 0;
  const f3 = fr + 3 * stride,
    p3 = pr + 3 * stride;
  let change3: f64 = 0;
  for (let k = 0; k < r; ++k) {
    const gk = g + <usize>k * <usize>r * 8;
    const gkk = load<f64>(gk + ((<usize>k) << 3));
    if (!(gkk > 0)) continue;
    let low0 = f64x2.splat(0),
      high0 = f64x2.splat(0);
    let low1 = f64x2.splat(0),
      high1 = f64x2.splat(0);
    let low2 = f64x2.splat(0),
      high2 = f64x2.splat(0);
    let low3 = f64x2.splat(0),
      high3 = f64x2.splat(0);
    let l = 0;
    for (; l + 4 <= r; l += 4) {
      const offset = (<usize>l) << 3;
      const a = v128.load(gk + offset),
        b = v128.load(gk + offset, 16);
      low0 = f64x2.add(low0, f64x2.mul(v128.load(f0 + offset), a));
      high0 = f64x2.add(high0, f64x2.mul(v128.load(f0 + offset, 16), b));
      low1 = f64x2.add(low1, f64x2.mul(v128.load(f1 + offset), a));
      high1 = f64x2.add(high1, f64x2.mul(v128.load(f1 + offset, 16), b));
      low2 = f64x2.add(low2, f64x2.mul(v128.load(f2 + offset), a));
      high2 = f64x2.add(high2, f64x2.mul(v128.load(f2 + offset, 16), b));
      low3 = f64x2.add(low3, f64x2.mul(v128.load(f3 + offset), a));
      high3 = f64x2.add(high3, f64x2.mul(v128.load(f3 + offset, 16), b));
    }
    let s0 = f64x2.extract_lane(low0, 0);
    let s1 = f64x2.extract_lane(low1, 0);
    let s2 = f64x2.extract_lane(low2, 0);
    let s3 = f64x2.extract_lane(low3, 0);
    for (; l < r; ++l) {
      const offset = (<usize>l) << 3;
      const a = load<f64>(gk + offset);
      s0 += load<f64>(f0 + offset) * a;
      s1 += load<f64>(f1 + offset) * a;
      s2 += load<f64>(f2 + offset) * a;
      s3 += load<f64>(f3 + offset) * a;
    }
    const at = (<usize>k) << 3;
    const sum0 = s0 + f64x2.extract_lane(low0, 1) + (f64x2.extract_lane(high0, 0) + f64x2.extract_lane(high0, 1));
    const old0 = load<f64>(f0 + at);
    const value0 = max<f64>(0, old0 + (load<f64>(p0 + at) - sum0) / gkk);
    store<f64>(f0 + at, value0);
    change0 += (value0 - old0) * (value0 - old0);
    const sum1 = s1 + f64x2.extract_lane(low1, 1) + (f64x2.extract_lane(high1, 0) + f64x2.extract_lane(high1, 1));
    const old1 = load<f64>(f1 + at);
    const value1 = max<f64>(0, old1 + (load<f64>(p1 + at) - sum1) / gkk);
    store<f64>(f1 + at, value1);
    change1 += (value1 - old1) * (value1 - old1);
    const sum2 = s2 + f64x2.extract_lane(low2, 1) + (f64x2.extract_lane(high2, 0) + f64x2.extract_lane(high2, 1));
    const old2 = load<f64>(f2 + at);
    const value2 = max<f64>(0, old2 + (load<f64>(p2 + at) - sum2) / gkk);
    store<f64>(f2 + at, value2);
    change2 += (value2 - old2) * (value2 - old2);
    const sum3 = s3 + f64x2.extract_lane(low3, 1) + (f64x2.extract_lane(high3, 0) + f64x2.extract_lane(high3, 1));
    const old3 = load<f64>(f3 + at);
    const value3 = max<f64>(0, old3 + (load<f64>(p3 + at) - sum3) / gkk);
    store<f64>(f3 + at, value3);
    change3 += (value3 - old3) * (value3 - old3);
  }
  return total + change0 + change1 + change2 + change3;
}
