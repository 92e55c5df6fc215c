import {createRandom} from "../engine/index.js";
import {unitBytes} from "./tables.js";
import type {TableData} from "./types.js";
import type {LoadedData, StoredMatrix} from "./types.js";

/**
 * Reconstructions and generated images from fitted factors W1 ... Wk, H. Row i of the
 * reconstruction is c_i H with c_i = (W1 ... Wk)[i, :], the image's coefficient vector.
 */

/** The coefficient vectors of every image: W1 W2 ... Wk (m x r_k), in float64. */
export function coefficients(factors: readonly StoredMatrix[]): {rows: number; cols: number; data: Float64Array} {
  let current = {rows: factors[0].rows, cols: factors[0].cols, data: Float64Array.from(factors[0].data)};
  for (let l = 1; l < factors.length - 1; ++l) {
    const W = factors[l];
    const next = new Float64Array(current.rows * W.cols);
    for (let i = 0; i < current.rows; ++i)
      for (let k = 0; k < W.rows; ++k) {
        const a = current.data[i * current.cols + k];
        if (a === 0) continue;
        for (let j = 0; j < W.cols; ++j) next[i * W.cols + j] += a * W.data[k * W.cols + j];
      }
    current = {rows: current.rows, cols: W.cols, data: next};
  }
  return current;
}

/** The image c H of a coefficient vector c (length r), in float64. */
export function decode(c: ArrayLike<number>, H: StoredMatrix): Float64Array {
  const out = new Float64Array(H.cols);
  for (let k = 0; k < H.rows; ++k) {
    const a = c[k];
    if (a === 0) continue;
    for (let j = 0; j < H.cols; ++j) out[j] += a * H.data[k * H.cols + j];
  }
  return out;
}

/** Rows of X to show: the first image of each label (in label order), else the first `count` rows. */
export function pickImages(data: LoadedData, count: number): number[] {
  const labels = data.labels;
  if (!labels) return Array.from({length: Math.min(count, data.X.rows)}, (_, i) => i);
  const first = new Map<number, number>();
  for (let i = 0; i < labels.length; ++i) if (!first.has(labels[i])) first.set(labels[i], i);
  const picked = [...first.entries()].sort((a, b) => a[0] - b[0]).map(([, i]) => i);
  return picked.slice(0, count);
}

export interface ModelFactors {
  id: string;
  factors: readonly StoredMatrix[];
}

/** Originals once (run "data"), then for each model its reconstruction and |X - M| of every image. */
export function reconstructionsTable(
  data: LoadedData | undefined,
  images: readonly number[],
  models: readonly ModelFactors[],
  n: number
): TableData {
  const rows: {run: string; kind: string; image: number; values: ArrayLike<number>}[] = [];
  if (data) {
    const {X} = data;
    const original = (i: number) => X.data.subarray(i * X.cols, (i + 1) * X.cols);
    for (const i of images) rows.push({run: "data", kind: "original", image: i, values: original(i)});
    for (const model of models) {
      const C = coefficients(model.factors);
      const H = model.factors[model.factors.length - 1];
      for (const i of images) {
        const m = decode(C.data.subarray(i * C.cols, (i + 1) * C.cols), H);
        const x = original(i);
        rows.push({run: model.id, kind: "reconstruction", image: i, values: m});
        rows.push({run: model.id, kind: "error", image: i, values: m.map((v, j) => Math.abs(x[j] - v))});
      }
    }
  }
  const pixels = new Uint8Array(rows.length * n);
  rows.forEach((r, k) => unitBytes(r.values, pixels, k * n));
  return {
    columns: {
      run: rows.map((r) => r.run),
      kind: rows.map((r) => r.kind),
      image: Int32Array.from(rows, (r) => r.image),
      label: Int32Array.from(rows, (r) => data?.labels?.[r.image] ?? -1),
      pixels: {listSize: n, values: pixels}
    }
  };
}

/**
 * Images generated from each model, stated as such on the site:
 * - `sample`: a new coefficient vector whose every entry is drawn, independently, from that
 *   component's values over all images (a product of the empirical marginals; seeded), decoded by H;
 * - `interpolation`: c(t) = (1 - t) c_a + t c_b between two images' coefficient vectors, decoded.
 */
export function generatedTable(
  models: readonly ModelFactors[],
  options: {samples: number; steps: number; from: number; to: number; seed: number},
  n: number
): TableData {
  const rows: {run: string; kind: string; index: number; from: number; to: number; t: number; values: Float64Array}[] =
    [];
  for (const model of models) {
    const C = coefficients(model.factors);
    const H = model.factors[model.factors.length - 1];
    const random = createRandom(options.seed);
    for (let s = 0; s < options.samples; ++s) {
      const c = new Float64Array(C.cols);
      for (let k = 0; k < C.cols; ++k) c[k] = C.data[Math.floor(random() * C.rows) * C.cols + k];
      rows.push({run: model.id, kind: "sample", index: s, from: -1, to: -1, t: NaN, values: decode(c, H)});
    }
    const a = C.data.subarray(options.from * C.cols, (options.from + 1) * C.cols);
    const b = C.data.subarray(options.to * C.cols, (options.to + 1) * C.cols);
    for (let s = 0; s < options.steps; ++s) {
      const t = options.steps === 1 ? 0 : s / (options.steps - 1);
      const c = a.map((v, k) => (1 - t) * v + t * b[k]);
      rows.push({
        run: model.id,
        kind: "interpolation",
        index: s,
        from: options.from,
        to: options.to,
        t,
        values: decode(c, H)
      });
    }
  }
  const pixels = new Uint8Array(rows.length * n);
  rows.forEach((r, k) => unitBytes(r.values, pixels, k * n));
  return {
    columns: {
      run: rows.map((r) => r.run),
      kind: rows.map((r) => r.kind),
      index: Int32Array.from(rows, (r) => r.index),
      from: Int32Array.from(rows, (r) => r.from),
      to: Int32Array.from(rows, (r) => r.to),
      t: Float64Array.from(rows, (r) => r.t),
      pixels: {listSize: n, values: pixels}
    }
  };
}

/**
 * The trained coefficients W1 ... Wk (the W that multiplies H) of every model, for the first
 * `perLabel` images of each label (the first 10 x `perLabel` rows without labels): run (utf8),
 * image (int32, row of X), label (int32, -1 if none), coefficients (FixedSizeList<float32>[r]).
 * Rows in label order, then row order, so that a heatmap of W shows one block per class.
 */
export function coefficientsTable(
  data: LoadedData | undefined,
  models: readonly ModelFactors[],
  perLabel = 20
): TableData {
  const r = models[0]?.factors[models[0].factors.length - 1].rows ?? 1;
  const labels = data?.labels;
  const all = data ? Array.from({length: data.X.rows}, (_, i) => i) : [];
  const seen = new Map<number, number>();
  const order = labels
    ? all
        .filter((i) => {
          const count = seen.get(labels[i]) ?? 0;
          seen.set(labels[i], count + 1);
          return count < perLabel;
        })
        .sort((a, b) => labels[a] - labels[b] || a - b)
    : all.slice(0, 10 * perLabel);
  const rows = models.flatMap((model) => {
    const C = coefficients(model.factors);
    return order.map((i) => ({run: model.id, image: i, values: C.data.subarray(i * C.cols, (i + 1) * C.cols)}));
  });
  const values = new Float32Array(rows.length * r);
  rows.forEach((row, k) => values.set(row.values, k * r));
  return {
    columns: {
      run: rows.map((row) => row.run),
      image: Int32Array.from(rows, (row) => row.image),
      label: Int32Array.from(rows, (row) => labels?.[row.image] ?? -1),
      coefficients: {listSize: r, values}
    }
  };
}
