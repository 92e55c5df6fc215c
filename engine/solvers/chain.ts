import {smallProduct, smallTranspose, type Tall} from "../kernels/tall.js";

/**
 * Suffix products of a deep model's inner factors: `suffix[i] = W_{i+1} ... W_{k-1}` (0-based,
 * r_i x r_{k-1}), with `suffix[k-1]` the identity. The end-to-end coefficients are
 * `Wc = W_0 suffix[0]`: contracting the small chain first keeps every product with X at rank r_{k-1}.
 */
export function suffixProducts(Ws: Tall[], out: Float64Array[] = suffixBuffers(Ws)): Float64Array[] {
  const k = Ws.length;
  const last = Ws[k - 1].r;
  const identity = out[k - 1];
  identity.fill(0);
  for (let i = 0; i < last; ++i) identity[i * last + i] = 1;
  for (let i = k - 2; i >= 0; --i) smallProduct(Ws[i + 1].data, out[i + 1], Ws[i].r, Ws[i + 1].r, last, out[i]);
  return out;
}

/** Storage for `suffixProducts`: one r_i x r_{k-1} matrix per layer. */
export function suffixBuffers(Ws: Tall[]): Float64Array[] {
  const last = Ws[Ws.length - 1].r;
  return Ws.map((W) => new Float64Array(W.r * last));
}

/** The transposes of the suffix products (r_{k-1} x r_i), into `out`. */
export function transposeSuffixes(Ws: Tall[], suffix: Float64Array[], out: Float64Array[]): Float64Array[] {
  const last = Ws[Ws.length - 1].r;
  for (let i = 0; i < Ws.length; ++i) smallTranspose(suffix[i], Ws[i].r, last, out[i]);
  return out;
}
