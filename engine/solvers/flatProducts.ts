import type {DataOperator} from "../kernels/data.js";
import {dot, gramOf, tall, type Tall} from "../kernels/tall.js";
import {errorFromProducts} from "../metrics/productMetrics.js";
import type {GramsReady, SolverState} from "./solver.js";

/**
 * The products of a two-factor model `X ~ W H` (W m x r, Ht n x r), computed on demand and cached
 * until the factor they depend on changes. `X Ht` and `H H^T` depend on H; `X^T W` and `W^T W` on W.
 */
export class FlatProducts {
  readonly xHt: Tall;
  readonly xtW: Tall;
  readonly WtW: Float64Array;
  readonly HHt: Float64Array;
  private valid = {xHt: false, xtW: false, WtW: false, HHt: false};

  constructor(
    readonly X: DataOperator,
    readonly W: Tall,
    readonly Ht: Tall
  ) {
    const r = W.r;
    this.xHt = tall(X.m, r);
    this.xtW = tall(X.n, r);
    this.WtW = new Float64Array(r * r);
    this.HHt = new Float64Array(r * r);
  }

  /** Call after changing W in place; `gramWritten` when the step also wrote W^T W into `WtW`. */
  changedW(gramWritten = false): void {
    this.valid.xtW = false;
    this.valid.WtW = gramWritten;
  }

  /** Call after changing Ht in place. */
  changedH(): void {
    this.valid.xHt = this.valid.HHt = false;
  }

  getXHt(): Tall {
    if (!this.valid.xHt) (this.X.timesTransposed(this.Ht, this.xHt), (this.valid.xHt = true));
    return this.xHt;
  }

  getXtW(): Tall {
    if (!this.valid.xtW) (this.X.transposeTimes(this.W, this.xtW), (this.valid.xtW = true));
    return this.xtW;
  }

  getWtW(): Float64Array {
    if (!this.valid.WtW) (gramOf(this.W, this.WtW), (this.valid.WtW = true));
    return this.WtW;
  }

  getHHt(): Float64Array {
    if (!this.valid.HHt) (gramOf(this.Ht, this.HHt), (this.valid.HHt = true));
    return this.HHt;
  }

  /**
   * `||X - W H||^2 = ||X||^2 - 2 <X Ht, W> + <W^T W, H H^T>`, clamped at 0 against cancellation. The
   * products with X come first (X^T W now rather than at the next step, which reuses it: the mode
   * alignment reads it), then `onGrams` (Solver.evaluate), then the error.
   */
  state(onGrams?: GramsReady): SolverState {
    const xHt = this.getXHt(),
      xtW = this.getXtW();
    const WtW = this.getWtW(),
      HHt = this.getHHt();
    onGrams?.(WtW, HHt, this.W.r);
    const error = errorFromProducts(this.X.frobeniusSquared, dot(xHt.data, this.W.data), WtW, HHt);
    return {WtW, HHt, r: this.W.r, Wc: this.W, Ht: this.Ht, xtWc: xtW, error, objective: error};
  }
}
