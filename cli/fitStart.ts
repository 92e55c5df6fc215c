import type {Matrix, FitOptions} from "../engine/index.js";
import type {FitValues} from "./fitFlags.js";

/**
 * The starting factors when the run needs them: read from `--init-from`, or drawn as the engine
 * would for `--save-init` (then handed to the fit, so that they are drawn once). The layer-wise loss
 * also draws hidden layers that the files cannot hold: its seeded run keeps its own start, and the
 * files hold its W's and H.
 */
export async function startingFactors(
  values: FitValues,
  X: Matrix,
  fitOptions: FitOptions,
  warn: (message: string) => void
): Promise<{factors?: Matrix[]; passToFit: boolean}> {
  const ranks = fitOptions.ranks;
  const layerwise = fitOptions.model === "deep" && fitOptions.loss === "layerwise";
  const {normalizeOptions} = await import("../engine/index.js");
  if (values["init-from"] !== undefined) {
    const {readInitialFactors} = await import("./factorFiles.js");
    normalizeOptions(X, fitOptions); // the ranks against the data, before the files are read against them
    const factors = await readInitialFactors("--init-from", values["init-from"], {m: X.rows, n: X.cols, ranks}, warn);
    return {factors, passToFit: true};
  }
  if (values["save-init"] === undefined) return {passToFit: false};
  const {initialFactors} = await import("../engine/index.js");
  const o = normalizeOptions(X, fitOptions);
  const {Ws, H} = initialFactors(X, o.ranks, {init: o.init, initScale: o.initScale, seed: o.seed, hidden: layerwise});
  if (layerwise)
    warn(
      "--save-init with --loss layerwise: the hidden layers H1 ... are drawn too but not saved; a run --init-from these files starts them at the products of the chain below, so it differs from this run"
    );
  return {factors: [...Ws, H], passToFit: !layerwise};
}
