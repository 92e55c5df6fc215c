import type {DenseLoss} from "../dense/denseLoss.js";
import {productInto} from "../dense/products.js";
import {gramOf, type Tall} from "../kernels/tall.js";
import {INNER_STOP, type InnerSweeps} from "./hals.js";
import type {Solver, SolverState} from "./solver.js";

/**
 * HALS for the weighted Frobenius loss `sum_ij w_ij (X - W H)_ij^2` (w = 0 on missing entries): each
 * column k of W and of Ht is minimized exactly with the others fixed, entry by entry, since the weighted
 * loss separates over rows of W (columns of H):
 * `H[k, j] <- max(0, sum_i w_ij W_ik (E_ij + W_ik H_kj) / sum_i w_ij W_ik^2)` with E = X - W H, and the
 * same for W (Ho, "Nonnegative matrix factorization algorithms and applications", 2008, section 4.3,
 * weighted rank-one residue iterations). Each iteration sweeps H's rows, then W's columns, up to
 * `innerSweeps` times each with the unweighted HALS's stop rule (a sweep changing the factor by less
 * than 0.1 times the first), on a dense residual recomputed at the start of each iteration. With
 * weights of ones this is the unweighted HALS. The loss never increases.
 * An entry whose denominator is 0 (its column of the other factor is 0 on its observed entries) does
 * not enter the loss and keeps its value.
 */
export function weightedHals(loss: DenseLoss, W: Tall, Ht: Tall, innerSweeps: InnerSweeps): Solver {
  const {m, n, x, w} = loss;
  const r = W.r;
  const E = new Float64Array(m * n);
  const sumsM = {a: new Float64Array(m), b: new Float64Array(m)},
    sumsN = {a: new Float64Array(n), b: new Float64Array(n)};
  const WtW = new Float64Array(r * r),
    HHt = new Float64Array(r * r);
  const weights = w ?? new Float64Array(m * n).fill(1);
  // Column k of the other factor, contiguous: of W (m) when sweeping Ht, of Ht (n) when sweeping W.
  const columnM = new Float64Array(m),
    columnN = new Float64Array(n);

  /**
   * Minimizes column k of F (W when `byRow`, else Ht) exactly, G the other factor, and updates E;
   * returns the squared change. a and b collect `sum w g E` and `sum w g^2` per entry of the column.
   */
  function sweepColumn(F: Tall, G: Tall, k: number, byRow: boolean): number {
    const f = F.data,
      g = G.data;
    const {a, b} = byRow ? sumsM : sumsN;
    const gk = byRow ? columnN : columnM;
    for (let q = 0; q < gk.length; ++q) gk[q] = g[q * r + k];
    if (byRow)
      for (let i = 0, o = 0; i < m; ++i, o += n) {
        let sa = 0,
          sb = 0;
        for (let j = 0; j < n; ++j) {
          const wg = weights[o + j] * gk[j];
          sa += wg * E[o + j];
          sb += wg * gk[j];
        }
        ((a[i] = sa), (b[i] = sb));
      }
    else {
      a.fill(0);
      b.fill(0);
      for (let i = 0, o = 0; i < m; ++i, o += n) {
        const gi = gk[i];
        if (gi === 0) continue;
        for (let j = 0; j < n; ++j) {
          const wg = weights[o + j] * gi;
          a[j] += wg * E[o + j];
          b[j] += wg * gi;
        }
      }
    }
    let change = 0;
    for (let q = 0; q < a.length; ++q) {
      const old = f[q * r + k];
      a[q] = b[q] > 0 ? Math.max(0, old + a[q] / b[q]) - old : 0; // a[q] now holds the change
      f[q * r + k] = old + a[q];
      change += a[q] * a[q];
    }
    for (let i = 0, o = 0; i < m; ++i, o += n)
      if (byRow) {
        const d = a[i];
        if (d !== 0) for (let j = 0; j < n; ++j) E[o + j] -= d * gk[j];
      } else if (gk[i] !== 0) for (let j = 0; j < n; ++j) E[o + j] -= a[j] * gk[i];
    return change;
  }

  /** Up to `maxSweeps` sweeps over the columns of F, stopping as the unweighted HALS does. */
  function sweeps(F: Tall, G: Tall, byRow: boolean, maxSweeps: number): void {
    let first = 0;
    for (let sweep = 0; sweep < maxSweeps; ++sweep) {
      let change = 0;
      for (let k = 0; k < r; ++k) change += sweepColumn(F, G, k, byRow);
      if (sweep === 0) first = change;
      else if (change <= INNER_STOP * INNER_STOP * first) break;
    }
  }

  return {
    factors: [W, Ht],
    step() {
      productInto(W, Ht, E);
      for (let e = 0; e < m * n; ++e) E[e] = x[e] - E[e];
      sweeps(Ht, W, false, innerSweeps.H);
      sweeps(W, Ht, true, innerSweeps.W);
      return true;
    },
    evaluate(): SolverState {
      productInto(W, Ht, E);
      const error = loss.divergence(E);
      return {WtW: gramOf(W, WtW), HHt: gramOf(Ht, HHt), r, Wc: W, Ht, error, objective: error};
    }
  };
}
