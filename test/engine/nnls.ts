/**
 * Exact non-negative least squares for tiny ranks, independent of the engine: min_{w >= 0} ||x - w H||^2
 * over the columns in `use`. The optimum is the restricted least-squares solution on some support S
 * (the KKT conditions), and it is the best of those that are non-negative: every support is tried.
 */
export function exactNnls(x: ArrayLike<number>, H: number[][], use: (j: number) => boolean = () => true): number[] {
  const r = H.length,
    n = H[0].length;
  let best: number[] = new Array(r).fill(0);
  let bestValue = objective(best);
  for (let mask = 1; mask < 1 << r; ++mask) {
    const S = [...Array(r).keys()].filter((k) => mask & (1 << k));
    // Normal equations on S: (H_S H_S^T) w_S = H_S x.
    const A = S.map((p) => S.map((q) => sum((j) => H[p][j] * H[q][j])));
    const b = S.map((p) => sum((j) => H[p][j] * x[j]));
    const wS = solve(A, b);
    if (!wS || wS.some((v) => v < 0)) continue;
    const w = new Array(r).fill(0);
    S.forEach((k, i) => (w[k] = wS[i]));
    const value = objective(w);
    if (value < bestValue) ((best = w), (bestValue = value));
  }
  return best;

  function sum(f: (j: number) => number): number {
    let s = 0;
    for (let j = 0; j < n; ++j) if (use(j)) s += f(j);
    return s;
  }
  function objective(w: number[]): number {
    return sum((j) => (x[j] - w.reduce((a, wk, k) => a + wk * H[k][j], 0)) ** 2);
  }
}

/** Gaussian elimination with partial pivoting; undefined for a singular system. */
function solve(A: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; ++c) {
    let p = c;
    for (let i = c + 1; i < n; ++i) if (Math.abs(M[i][c]) > Math.abs(M[p][c])) p = i;
    if (Math.abs(M[p][c]) < 1e-12) return undefined;
    [M[c], M[p]] = [M[p], M[c]];
    for (let i = c + 1; i < n; ++i) {
      const f = M[i][c] / M[c][c];
      for (let k = c; k <= n; ++k) M[i][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; --i) {
    let s = M[i][n];
    for (let k = i + 1; k < n; ++k) s -= M[i][k] * x[k];
    x[i] = s / M[i][i];
  }
  return x;
}
