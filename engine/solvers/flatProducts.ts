import type {DataOperator} from "../kernels/data.js";
import {dot, gramOf, tall, type Tall} from "../kernels/tall.js";
import {errorFromProducts} from "../metrics/productMetrics.js";
import type {SolverState} from "./solver.js";

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

  /** `||X - W H||^2 = ||X||^2 - 2 <X Ht, W> + <W^T W, H H^T>`, clamped at 0 against cancellation. */
  state(): SolverState {
    const cross = dot(this.getXHt().data, this.W.data);
    const WtW = this.getWtW(),
      HHt = this.getHHt();
    const error = errorFromProducts(this.X.frobeniusSquared, cross, WtW, HHt);
    // X^T W now rather than at the next step, which reuses it: the mode alignment reads it.
    return {WtW, HHt, r: this.W.r, Wc: this.W, Ht: this.Ht, xtWc: this.getXtW(), error, objective: error};
  }
}
