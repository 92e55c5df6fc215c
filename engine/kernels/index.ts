// The products with the data (float64 or float32) and the small dense kernels the solvers are built on (float64; WebAssembly SIMD
// when the module is loaded, plain TypeScript otherwise, identical results).
export {
  stepProducts,
  type StepProducts,
  dataOperator,
  sparseOperator,
  transposeCsr,
  type DataOperator,
  type DataOperatorOptions,
  type RowSteps
} from "./data.js";
export {ROW_BLOCK, COLUMN_BLOCK, blockCount, repeatSweeps} from "./rowBlocks.js";
export {SMALLEST_NORMAL} from "./subnormal.js";
export {
  checkPrecision,
  precisions,
  sparseTimesTallFloat32,
  denseTimesTallFloat32,
  FLOAT32_RUN,
  type Precision
} from "./float32.js";
export {
  tall,
  gramOf,
  addInto,
  timesSmall,
  transposeTimes,
  dot,
  smallProduct,
  smallTranspose,
  type Tall
} from "./tall.js";
export {chunkWidths, sparseTimesTall, denseTimesTall, tallTimesSmall, transposeTimesTall} from "./rowChunks.js";
export {useWasmKernels, wasmKernels, loadWasmKernels, WasmSpace, WASM_MIN_WORK, F32_VECTORS} from "./wasm.js";
export {transposeTimesInSpace, multiplicativeInSpace} from "./wasmSteps.js";
export {WasmProducts, copyCsrColumnBlocks, type WasmCsr} from "./wasmProducts.js";
