// Exact small and medium dense linear algebra in float64, browser-safe.
export {symmetricEigen, symmetricEigenvalues, jacobiMaxSize, type SymmetricEigen} from "./symmetricEigen.js";
export {jacobiEigen} from "./jacobi.js";
export {tridiagonalEigen} from "./tridiagonal.js";
export {jacobiSingularValues} from "./oneSidedJacobi.js";
export {gram, gramRows, type DenseMatrix} from "./gram.js";
export {
  leadingSvd,
  truncatedSvd,
  singularValuesOf,
  type LeadingSvd,
  type SingularVectors,
  type TruncatedSvd
} from "./truncatedSvd.js";
