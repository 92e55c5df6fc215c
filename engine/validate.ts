import {betaLossOption, type BetaLoss} from "./betaLoss.js";
import {InputError} from "./errors.js";
import {checkPrecision, type Precision} from "./kernels/float32.js";
import type {Matrix} from "./matrix.js";
import {inits, losses, models, type FitOptions, type Init, type Loss, type Model, type Optimizer} from "./types.js";

/** Checks the data once at the public entry point: 2-D, not empty, finite, non-negative, not all zero. */
export function validateData(X: Matrix, name = "data"): void {
  if (!(X.rows >= 1 && X.cols >= 1))
    throw new InputError(name, `${X.rows} x ${X.cols}`, "must have at least one row and one column");
  let nonZero = false;
  const {data, cols} = X;
  for (let k = 0; k < data.length; ++k) {
    const v = data[k];
    if (!(v >= 0) || v === Infinity) {
      const where = `row ${Math.floor(k / cols)}, column ${k % cols}`;
      throw new InputError(name, v, `${where}: entries must be finite and non-negative`);
    }
    if (v !== 0) nonZero = true;
  }
  if (!nonZero) throw new InputError(name, "all zeros", "NMF needs at least one positive entry");
}

/** FitOptions with every default filled in and every value checked. */
export interface NormalizedOptions {
  model: Model;
  ranks: number[];
  iterations: number;
  loss: Loss;
  optimizer: Optimizer;
  lr: number;
  beta1: number;
  beta2: number;
  init: Init;
  initScale: number;
  seed: number;
  recordEvery: number;
  topK: number;
  tol: number;
  l1: number;
  cos: number;
  layerWeights: number[];
  innerSweeps: number | undefined;
  deadlineMs: number;
  betaLoss: BetaLoss;
  precision: Precision;
}

export function normalizeOptions(X: Matrix, options: FitOptions): NormalizedOptions {
  const model = oneOf("model", options.model, models);
  const loss = oneOf("loss", options.loss ?? "global", losses);
  const optimizer = oneOf("optimizer", options.optimizer ?? "adam", ["adam", "gd"] as const);
  const init = oneOf("init", options.init ?? "random", inits);
  const ranks = validateRanks(X, model, options.ranks);
  if (model !== "deep" && options.loss === "layerwise")
    throw new InputError("loss", "layerwise", `only the deep model has a layer-wise loss`);
  const l1 = nonNegative("l1", options.l1 ?? 0);
  const cos = nonNegative("cos", options.cos ?? 0);
  if ((model === "mu" || model === "hals") && (l1 > 0 || cos > 0))
    throw new InputError(
      l1 > 0 ? "l1" : "cos",
      l1 > 0 ? l1 : cos,
      `penalties need a gradient model (adam, gd, deep), not ${model}`
    );
  const layerWeights = options.layerWeights ?? ranks.map(() => 1);
  if (layerWeights.length !== ranks.length || !layerWeights.every((w) => w > 0 && Number.isFinite(w)))
    throw new InputError("layerWeights", layerWeights, `need ${ranks.length} positive finite weights`);
  if (options.initialFactors) checkInitialFactors(X, ranks, options.initialFactors);
  const betaLoss = betaLossOption(options.betaLoss);
  if (model === "hals" && betaLoss !== "frobenius")
    throw new InputError("betaLoss", betaLoss, "hals minimizes the Frobenius loss; use mu or a gradient model");
  const precision = checkPrecision(options.precision ?? "float64");
  if (precision === "float32" && (betaLoss !== "frobenius" || options.missing || options.weights))
    throw new InputError(
      "precision",
      precision,
      "float32 is for the Frobenius loss on complete data; missing entries, weights and beta-divergences compute in float64"
    );
  return {
    model,
    ranks,
    iterations: positiveInteger("iterations", options.iterations),
    loss,
    optimizer: model === "gd" ? "gd" : model === "adam" ? "adam" : optimizer,
    lr: positive("lr", options.lr ?? 1e-2),
    beta1: unitInterval("beta1", options.beta1 ?? 0.9),
    beta2: unitInterval("beta2", options.beta2 ?? 0.999),
    init,
    initScale: positive("initScale", options.initScale ?? 1),
    seed: integer("seed", options.seed ?? 0),
    recordEvery: positiveInteger("recordEvery", options.recordEvery ?? 1),
    topK: positiveInteger("topK", options.topK ?? 10),
    tol: nonNegative("tol", options.tol ?? 0),
    l1,
    cos,
    layerWeights,
    innerSweeps: options.innerSweeps === undefined ? undefined : positiveInteger("innerSweeps", options.innerSweeps),
    deadlineMs: options.deadlineMs === undefined ? Infinity : positive("deadlineMs", options.deadlineMs),
    betaLoss,
    precision
  };
}

function validateRanks(X: Matrix, model: Model, ranks: number[]): number[] {
  if (!Array.isArray(ranks) || ranks.length === 0) throw new InputError("ranks", ranks, "give at least one rank");
  if (model !== "deep" && ranks.length !== 1) throw new InputError("ranks", ranks, `model ${model} takes one rank`);
  const limit = Math.min(X.rows, X.cols);
  for (const r of ranks) {
    if (!(Number.isInteger(r) && r >= 1)) throw new InputError("rank", r, "must be an integer >= 1");
    if (r > limit) throw new InputError("rank", r, `must be <= min(m, n) = ${limit}`);
  }
  for (let i = 1; i < ranks.length; ++i)
    if (ranks[i] > ranks[i - 1]) throw new InputError("ranks", ranks, "deep ranks must not increase (r1 >= r2 >= ...)");
  return ranks.slice();
}

function checkInitialFactors(X: Matrix, ranks: number[], factors: Matrix[]): void {
  const k = ranks.length;
  if (factors.length !== k + 1)
    throw new InputError("initialFactors", `${factors.length} matrices`, `need W1 ... W${k} and H`);
  for (let i = 0; i <= k; ++i) {
    const rows = i === 0 ? X.rows : i === k ? ranks[k - 1] : ranks[i - 1];
    const cols = i === k ? X.cols : ranks[i];
    const f = factors[i];
    if (f.rows !== rows || f.cols !== cols)
      throw new InputError(`initialFactors[${i}]`, `${f.rows} x ${f.cols}`, `must be ${rows} x ${cols}`);
    if (!f.data.every((v) => v >= 0 && v < Infinity))
      throw new InputError(
        `initialFactors[${i}]`,
        "a negative or non-finite entry",
        "factors must be finite and non-negative"
      );
  }
}

/** Checks that `value` is a number (an integer when `integer`) in [min, max]; returns it. */
export function withinBounds(
  name: string,
  value: unknown,
  [min, max]: readonly [number, number],
  integer = false
): number {
  const ok = typeof value === "number" && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new InputError(name, value, `must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`);
  return value;
}

export function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new InputError(name, value, `expected one of ${allowed.join(", ")}`);
  return value as T;
}

export function positiveInteger(name: string, value: unknown): number {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= 1))
    throw new InputError(name, value, "must be an integer >= 1");
  return value;
}

function integer(name: string, value: unknown): number {
  if (!(typeof value === "number" && Number.isInteger(value))) throw new InputError(name, value, "must be an integer");
  return value;
}

export function positive(name: string, value: unknown): number {
  if (!(typeof value === "number" && value > 0 && value < Infinity))
    throw new InputError(name, value, "must be a finite number > 0");
  return value;
}

export function nonNegative(name: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value < Infinity))
    throw new InputError(name, value, "must be a finite number >= 0");
  return value;
}

function unitInterval(name: string, value: unknown): number {
  if (!(typeof value === "number" && value >= 0 && value < 1)) throw new InputError(name, value, "must be in [0, 1)");
  return value;
}
