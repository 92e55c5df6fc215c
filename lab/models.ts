import {halsInnerSweeps, transpose, type InitialFactors, type Matrix} from "../engine/index.js";
import type {DataTensors} from "./dataTensors.js";
import {deepGlobal} from "./deepGlobal.js";
import {hals} from "./hals.js";
import {deepLayerwise} from "./deepLayerwise.js";
import {multiplicativeUpdates} from "./multiplicative.js";
import type {LabSolver} from "./solver.js";
import type {Tensor2D, TF} from "./types.js";
import type {LabOptions} from "./validate.js";

/**
 * The solver of a model, on tensors made from the starting factors (tall: W's as they are, H's
 * transposed), dispatched as engine/fit.ts `createSolver` does. `X` is the data `data` holds, for
 * HALS's inner-sweep counts.
 */
export function createLabSolver(tf: TF, X: Matrix, data: DataTensors, start: InitialFactors, o: LabOptions): LabSolver {
  const toTensor = (a: Matrix) => tf.tensor2d(a.data, [a.rows, a.cols], "float32");
  const Ws = start.Ws.map(toTensor);
  const Ht = toTensor(transpose(start.H));
  const hidden = start.hidden.map((H) => toTensor(transpose(H)));
  const gradient = {kind: o.optimizer, lr: o.lr, beta1: o.beta1, beta2: o.beta2};
  try {
    switch (o.model) {
      case "mu":
        return multiplicativeUpdates(tf, data, Ws[0], Ht);
      case "hals":
        return hals(tf, data, Ws[0], Ht, halsInnerSweeps(X, o.ranks[0], o.innerSweeps));
      case "adam":
      case "gd":
        return deepGlobal(tf, data, [Ws[0]], Ht, gradient);
      case "deep":
        if (o.loss === "layerwise") return deepLayerwise(tf, data, Ws, [...hidden, Ht], o.layerWeights, gradient);
        return deepGlobal(tf, data, Ws, Ht, gradient);
    }
  } catch (error) {
    tf.dispose([...Ws, Ht, ...hidden] as Tensor2D[]);
    throw error;
  }
}
