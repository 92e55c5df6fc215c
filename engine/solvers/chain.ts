import {smallProduct, type Tall} from "../kernels/tall.js";

/**
 * Suffix products of a deep model's inner factors: `suffix[i] = W_{i+1} ... W_{k-1}` (0-based,
 * r_i x r_{k-1}), with `suffix[k-1]` the identity. The end-to-end coefficients are
 * `Wc = W_0 suffix[0]`: contracting the small chain first keeps every product with X at rank r_{k-1}.
 */
export function suffixProducts(Ws: Tall[]): Float64Array[] {
  const k = Ws.length;
  const last = Ws[k - 1].r;
  const suffix = new Array<Float64Array>(k);
  const identity = new Float64Array(last * last);
  for (let i = 0; i < last; ++i) identity[i * last + i] = 1;
  suffix[k - 1] = identity;
  for (let i = k - 2; i >= 0; --i) suffix[i] = smallProduct(Ws[i + 1].data, suffix[i + 1], Ws[i].r, Ws[i + 1].r, last);
  return suffix;
}
