import type {Matrix} from "../matrix.js";
import {createRandom, type Random} from "../random.js";
import type {Init} from "../types.js";
import {nndsvd} from "./nndsvd.js";
import {identityBlocks, randomUniform} from "./simple.js";

export interface InitialFactors {
  /** W1 (m x r1), W2 (r1 x r2), ..., Wk. */
  Ws: Matrix[];
  /** H (rk x n). */
  H: Matrix;
  /** The layer-wise loss's own H1 ... H_{k-1} (r_i x n); empty otherwise. */
  hidden: Matrix[];
}

/**
 * The starting factors of a model with ranks r1 >= ... >= rk (k = 1 for the flat models).
 * Random draws come in a fixed order, W1 ... Wk, H, then H1 ... H_{k-1}, so that the global and
 * layer-wise losses start from the same W's and H for the same seed.
 * NNDSVD for deep models goes layer by layer: X ~ W1 H1, H1 ~ W2 H2, ... (Cichocki and Zdunek's
 * multilayer scheme with NNDSVD at each layer).
 */
export function initialFactors(
  X: Matrix,
  ranks: number[],
  {init, initScale, seed, hidden}: {init: Init; initScale: number; seed: number; hidden: boolean}
): InitialFactors {
  const random = createRandom(seed);
  const k = ranks.length;
  const rowsOf = (i: number) => (i === 0 ? X.rows : ranks[i - 1]);
  switch (init) {
    case "random": {
      const Ws = ranks.map((r, i) => randomUniform(rowsOf(i), r, initScale, random));
      const H = randomUniform(ranks[k - 1], X.cols, initScale, random);
      const Hs = hidden ? ranks.slice(0, k - 1).map((r) => randomUniform(r, X.cols, initScale, random)) : [];
      return {Ws, H, hidden: Hs};
    }
    case "eye": {
      const Ws = ranks.map((r, i) => identityBlocks(rowsOf(i), r, initScale));
      const H = identityBlocks(ranks[k - 1], X.cols, initScale);
      const Hs = hidden ? ranks.slice(0, k - 1).map((r) => identityBlocks(r, X.cols, initScale)) : [];
      return {Ws, H, hidden: Hs};
    }
    case "nndsvd":
    case "nndsvda":
    case "nndsvdar":
      return layerwiseNndsvd(X, ranks, init, random, hidden);
  }
}

function layerwiseNndsvd(
  X: Matrix,
  ranks: number[],
  variant: "nndsvd" | "nndsvda" | "nndsvdar",
  random: Random,
  hidden: boolean
): InitialFactors {
  const Ws: Matrix[] = [],
    Hs: Matrix[] = [];
  let target = X;
  for (const r of ranks) {
    const {W, H} = nndsvd(target, r, variant, random);
    (Ws.push(W), Hs.push(H));
    target = H;
  }
  const H = Hs.pop()!;
  return {Ws, H, hidden: hidden ? Hs : []};
}
