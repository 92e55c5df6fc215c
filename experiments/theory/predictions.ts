import {initialFactors, truncatedSvd, type DenseMatrix} from "../../engine/index.js";
import type {RunSpec} from "../types.js";
import {stepsForTime} from "./stepSize.js";

/**
 * The quantitative predictions of the theory page, as functions of the data's spectrum, the init
 * and the step. Derivations (ours; the papers state the depth-2 results for whitened linear
 * networks, Saxe, McClelland and Ganguli, ICLR 2014, and the depth-N rate for deep matrix
 * factorization, Arora, Cohen, Hu and Luo, NeurIPS 2019; see stepSize.ts for the time t = 2 lr step):
 *
 * Depth 2, one mode. With W = w u r^T and H = h r v^T (u, v a singular pair of X with value s,
 * r a unit vector of the hidden space), gradient flow on L = 1/2 ||X - W H||^2 reads
 * dw/dt = (s - w h) h, dh/dt = (s - w h) w. For a balanced start (w = h) the mode strength a = w h
 * obeys da/dt = (s - a)(w^2 + h^2) = 2 a (s - a), a logistic equation:
 *     a(t) = s / (1 + (s / a0 - 1) e^(-2 s t)).
 * Half-time (a = s / 2): t_half = ln(s / a0 - 1) / (2 s). 10 % to 90 % of s: e^(-2 s t) goes from
 * 9 / (s/a0 - 1) to 1 / (9 (s/a0 - 1)), so the rise width is ln(81) / (2 s), whatever a0.
 * In engine steps (t = 2 lr step): half-time ln(s / a0 - 1) / (4 lr s), width ln(81) / (4 lr s).
 *
 * Unaligned small init. While W and H are small, dW/dt ~ X H^T and dH^T/dt ~ X^T W: the pair
 * (W, H^T) follows a linear flow whose generator [[0, X], [X^T, 0]] has eigenvectors (u_i, v_i)
 * with rate s_i, so the part of each hidden unit k along mode i, c_ik = (u_i^T W[:, k] + H[k, :] v_i) / 2,
 * grows as e^(s_i t) while the rest decays or grows more slowly; once aligned, the mode's strength
 * is sum_k c_ik^2 (for the aligned balanced start, w = h = sqrt(a0), this gives back a0). So
 *     a0_i = 1/4 sum_k (u_i^T W0[:, k] + H0[k, :] v_i)^2
 * is the effective initial strength of mode i. The non-negativity projection is ignored here: it
 * is part of what the experiments test.
 *
 * Init scale. A uniform [0, alpha) init gives a0_i proportional to alpha^2, so
 * t_half,i = (2 ln(1/alpha) + ln(s_i / c_i)) / (2 s_i) for some c_i: the half-time grows by
 * 1 / s_i (gradient-flow time) per unit of ln(1/alpha), 1 / (2 lr s_i) steps, and
 * t_half / ln(1/alpha) -> 1 / s_i as alpha -> 0 (the curves collapse only in that limit).
 *
 * Depth N >= 3 (Arora et al.'s dynamics da/dt = N a^(2-2/N) (s - a), stepSize.ts). While a << s,
 * da / a^(2-2/N) = N s dt integrates to a^(-(1-2/N)) = a0^(-(1-2/N)) - (N - 2) s t: a blows up at
 * t* = a0^(-(N-2)/N) / ((N - 2) s). With every factor of order alpha, a0 ~ alpha^N, so
 * t* ~ alpha^-(N-2) / s: on log-log axes, jump time against 1/alpha has slope N - 2.
 *
 * Spectral gaps. Two modes i and i + 1 of a depth-2 run are separated by a visible plateau when
 * the gap between their half-times exceeds their rise widths. With a common L = ln(s / a0),
 * t_(i+1) - t_i = L (1/s_(i+1) - 1/s_i) / 2 and the mean width is ln 81 (1/s_i + 1/s_(i+1)) / 4, so
 * with rho = s_(i+1) / s_i the separation index is
 *     q = (t_(i+1) - t_i) / mean width = (2 L / ln 81) (1 - rho) / (1 + rho):
 * large for a wide gap, 0 as rho -> 1 (blurred), and q = 1 at rho* = (1 - x) / (1 + x), x = ln 81 / (2 L).
 */

/** ln 81: the 10 %-90 % rise width of a logistic mode, in units of 1 / (2 s). */
export const LN81 = Math.log(81);

/** The leading singular triplets of X and each mode's effective initial strength for a run's init. */
export interface InitialModes {
  /** s_i(X), i = 1 .. count. */
  s: Float64Array;
  /** a0_i = 1/4 sum_k (u_i^T W0[:, k] + H0[k, :] v_i)^2. */
  a0: Float64Array;
}

/**
 * a0_i of a depth-2 run's init (W0 H0 regenerated from the run's seed, as `fit` draws it). Costs a
 * truncated SVD of X (0.7 s for 2,000 MNIST images).
 */
export function initialModes(X: DenseMatrix, spec: RunSpec, count: number): InitialModes {
  const fit = spec.fit;
  if (fit.ranks.length !== 1) throw new RangeError(`initial modes need a depth-2 run, not ranks ${fit.ranks}`);
  const {U, s, V} = truncatedSvd(X, count);
  const X32 = {rows: X.rows, cols: X.cols, data: Float32Array.from(X.data)};
  const {Ws, H} = initialFactors(X32, fit.ranks, {
    init: fit.init ?? "random",
    initScale: fit.initScale ?? 1,
    seed: fit.seed ?? 0,
    hidden: false
  });
  const W = Ws[0];
  const r = W.cols,
    m = X.rows,
    n = X.cols;
  const a0 = new Float64Array(count);
  for (let i = 0; i < count; ++i) {
    let sum = 0;
    for (let k = 0; k < r; ++k) {
      let uw = 0,
        hv = 0;
      for (let row = 0; row < m; ++row) uw += U[row * count + i] * W.data[row * r + k];
      for (let col = 0; col < n; ++col) hv += H.data[k * n + col] * V[col * count + i];
      sum += (uw + hv) ** 2;
    }
    a0[i] = sum / 4;
  }
  return {s, a0};
}

/** Saxe's half-time in engine steps: ln(s / a0 - 1) / (4 lr s); NaN when a0 >= s / 2 (no rise to wait for). */
export function saxeHalfTimeSteps(s: number, a0: number, lr: number): number {
  if (!(s / a0 > 2)) return NaN;
  return stepsForTime(Math.log(s / a0 - 1) / (2 * s), lr);
}

/** Saxe's 10 %-90 % rise width in engine steps: ln 81 / (4 lr s). */
export function saxeRiseWidthSteps(s: number, lr: number): number {
  return stepsForTime(LN81 / (2 * s), lr);
}

/** Steps of half-time added per unit of ln(1/alpha): 1 / (2 lr s). */
export function halfTimePerLogScale(s: number, lr: number): number {
  return stepsForTime(1 / s, lr);
}

/** The separation index q = (2 L / ln 81) (1 - rho) / (1 + rho). */
export function separationIndex(rho: number, L: number): number {
  return ((2 * L) / LN81) * ((1 - rho) / (1 + rho));
}

/** The gap ratio at which q = 1: rho* = (1 - x) / (1 + x), x = ln 81 / (2 L). */
export function visibleGapThreshold(L: number): number {
  const x = LN81 / (2 * L);
  return (1 - x) / (1 + x);
}

/** The predicted slope of ln(jump time) against ln(1/alpha) at depth N >= 3: N - 2. */
export function blowUpSlope(depth: number): number {
  if (!(Number.isInteger(depth) && depth >= 3)) throw new RangeError(`invalid depth for a blow-up: ${depth}`);
  return depth - 2;
}
