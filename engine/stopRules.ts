import type {FitResult} from "./types.js";

/**
 * A recorded error this many times above both ||X||^2 and the lowest error recorded so far counts as
 * divergence (six orders of magnitude: on MNIST, runs of every model stay within 1.03 times their
 * lowest, and an Adam run at lr 1 that spiked 1,800-fold still came back), and stopping early keeps
 * the factors representable in float32.
 */
export const DIVERGENCE_FACTOR = 1e6;

/**
 * A product that stays exactly zero this many steps has collapsed. From a zero product MU cannot move
 * (zeros stay zero) and projected gradient moves only while one factor of a component is left; Adam's
 * momentum revived runs on MNIST after up to 70 zero steps, never after more. A run that ends with a
 * zero product has failed however long the stretch.
 */
export const COLLAPSE_STEPS = 500;

export type Divergence = NonNullable<FitResult["divergence"]>;

/**
 * The divergence rules of a run, applied to its recorded steps (engine/fit.ts and the browser lab,
 * lab/train.ts): an error that is not finite or that grew DIVERGENCE_FACTOR times, and a product
 * that stayed exactly zero COLLAPSE_STEPS steps (or up to the end of the run).
 */
export interface DivergenceWatch {
  /** Checks the error of a step before it is recorded: why it diverged, or undefined when it did not. */
  check(error: number): Exclude<Divergence, "collapse"> | undefined;
  /** Takes a recorded step (one that passed `check`): lowers the growth limit and follows zero products. */
  recorded(step: number, error: number, WtW: ArrayLike<number>, HHt: ArrayLike<number>, r: number): void;
  /** Whether the product has been zero for COLLAPSE_STEPS steps at `step`: the run stops there. */
  collapsed(step: number): boolean;
  /** The first step of the stretch of zero products that reaches the last recorded step, if there is one. */
  readonly zeroSince: number | undefined;
}

/** The rules for data with `||X||_F^2 = frobeniusSquared`; the first recorded error sets the growth limit. */
export function divergenceWatch(frobeniusSquared: number): DivergenceWatch {
  let limit = Infinity;
  let zeroSince: number | undefined;
  return {
    check(error) {
      if (!Number.isFinite(error)) return "non-finite";
      return error <= limit ? undefined : "growth";
    },
    recorded(step, error, WtW, HHt, r) {
      zeroSince = productIsZero(WtW, HHt, r) ? (zeroSince ?? step) : undefined;
      limit = Math.min(limit, DIVERGENCE_FACTOR * Math.max(frobeniusSquared, error));
    },
    collapsed(step) {
      return zeroSince !== undefined && step - zeroSince >= COLLAPSE_STEPS;
    },
    get zeroSince() {
      return zeroSince;
    }
  };
}

/**
 * The product Wc H is exactly zero when every component k has a zero column of Wc or a zero row of H
 * (entries are non-negative, so a zero squared norm means a zero vector).
 */
export function productIsZero(WtW: ArrayLike<number>, HHt: ArrayLike<number>, r: number): boolean {
  for (let k = 0; k < r; ++k) if (WtW[k * r + k] > 0 && HHt[k * r + k] > 0) return false;
  return true;
}
