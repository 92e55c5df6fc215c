// Spectral metrics of products and data (gram and gramRows are exported from ../linalg/index.js).
export {productSingularValues} from "./spectrum.js";
export {errorFromProducts, productMetrics, type ProductMetrics, type ProductMetricsThread} from "./productMetrics.js";
export {
  effectiveRankThreshold,
  effectiveRank,
  nuclearRatio,
  stableRank,
  eckartYoungBound,
  cosineSeparation
} from "./spectralMetrics.js";
export {modeAlignment, modesLearned, alignmentMeter, LEARNED_ALIGNMENT, RESOLVED_SINGULAR_VALUE} from "./alignment.js";
export {dataReference, eckartYoung, type DataReference, type DataReferenceOptions} from "./reference.js";
