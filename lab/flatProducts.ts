import type {DataTensors} from "./dataTensors.js";
import {gram, packState} from "./products.js";
import type {Tensor1D, Tensor2D, TF} from "./types.js";

type Product = "xHt" | "xtW" | "WtW" | "HHt";

/**
 * The products of a two-factor model `X ~ W H` (W m x r, Ht n x r), computed on demand and kept
 * until the factor they depend on changes, as engine/solvers/flatProducts.ts does: `X Ht` and
 * `H H^T` depend on H, `X^T W` and `W^T W` on W. The products are kept out of any enclosing
 * tf.tidy (tf.keep) and disposed when they go stale.
 */
export class FlatProducts {
  private cache: Partial<Record<Product, Tensor2D>> = {};

  constructor(
    private readonly tf: TF,
    private readonly data: DataTensors,
    public W: Tensor2D,
    public Ht: Tensor2D
  ) {}

  get(name: Product): Tensor2D {
    const cached = this.cache[name];
    if (cached) return cached;
    const {tf, data} = this;
    const value = tf.keep<Tensor2D>(
      name === "xHt"
        ? tf.matMul<Tensor2D>(data.X, this.Ht)
        : name === "xtW"
          ? tf.matMul<Tensor2D>(data.Xt, this.W)
          : name === "WtW"
            ? gram(tf, this.W)
            : gram(tf, this.Ht)
    );
    return (this.cache[name] = value);
  }

  /** Replaces W (taking ownership of the new tensor) and drops the products that depended on it. */
  setW(W: Tensor2D): void {
    this.W.dispose();
    this.W = this.tf.keep(W);
    this.drop("xtW", "WtW");
  }

  /** Replaces Ht (taking ownership) and drops the products that depended on it. */
  setHt(Ht: Tensor2D): void {
    this.Ht.dispose();
    this.Ht = this.tf.keep(Ht);
    this.drop("xHt", "HHt");
  }

  /** The packed state `[W^T W, H H^T, <X Ht, W>]` of the current iterate. */
  state(): Tensor1D {
    return packState(this.tf, this.get("WtW"), this.get("HHt"), this.get("xHt"), this.W);
  }

  dispose(): void {
    this.drop("xHt", "xtW", "WtW", "HHt");
    this.W.dispose();
    this.Ht.dispose();
  }

  private drop(...names: Product[]): void {
    for (const name of names) {
      this.cache[name]?.dispose();
      delete this.cache[name];
    }
  }
}
