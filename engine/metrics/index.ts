// Spectral metrics of products and data (gram and gramRows are exported from ../linalg/index.js).
export {productSingularValues} from "./spectrum.js";
export {
  effectiveRankThreshold,
  effectiveRank,
  nuclearRatio,
  stableRank,
  modesLearned,
  eckartYoungBound,
  cosineSeparation
} from "./spectralMetrics.js";
export {dataReference, eckartYoung, type DataReference, type DataReferenceOptions} from "./reference.js";
