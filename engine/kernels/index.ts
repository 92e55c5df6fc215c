// The products with the data and the small dense kernels the solvers are built on (float64; WebAssembly SIMD
// when the module is loaded, plain TypeScript otherwise, identical results).
export {dataOperator, sparseOperator, transposeCsr, type DataOperator} from "./data.js";
export {tall, gramOf, timesSmall, transposeTimes, dot, smallProduct, smallTranspose, type Tall} from "./tall.js";
export {chunkWidths, sparseTimesTall, denseTimesTall, tallTimesSmall, transposeTimesTall} from "./rowChunks.js";
export {useWasmKernels, wasmKernels, loadWasmKernels, WasmSpace, WASM_MIN_WORK} from "./wasm.js";
export {WasmProducts, copyCsrColumnBlocks, COLUMN_BLOCK, type WasmCsr} from "./wasmProducts.js";
