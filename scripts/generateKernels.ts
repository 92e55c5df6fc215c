/**
 * Writes engine/kernels/rowChunks.ts: the inner loops of the engine's products, one function per
 * chunk width 1 .. 10, each keeping its running sums in local variables.
 *
 * Why generated: V8 keeps local sums in registers, so a row of the output is computed by reading
 * the operands once per chunk instead of a read-modify-write of memory per multiply-add (3 to 4x
 * faster than the plain loops on MNIST). Up to 10 sums fit the 16 x86-64 vector registers; wider
 * chunks spill and run 2 to 3x slower (measured on Node 20). Writing the ten widths of each kernel
 * by hand would be 300 lines of near-copies: this script is their single source.
 *
 * Run `npm run generate` after editing (it runs this script, then scripts/generateWasmKernels.ts); test/kernels/generated.test.ts checks
 * that the committed file matches this script's output.
 */
import {fileURLToPath} from "node:url";
import {format} from "prettier";
import {writeFileAtomic} from "../io/atomicWrite.js";

/** The widest chunk: wider ones spill their sums to memory. */
export const MAX_CHUNK = 10;

interface KernelSpec {
  /** Function name prefix; the width is appended. */
  name: string;
  doc: string;
  /** Parameter list of the per-chunk function (without `out, i, k`). */
  params: string;
  /** Loop header over the terms of row i. */
  loop: string;
  /** The weight of the current term and the index in `b` of column k of its row. */
  weight: string;
  base: string;
  /** Arguments passed from the dispatcher. */
  args: string;
  /** Row-range dispatcher. */
  dispatcher: {name: string; doc: string; params: string};
}

const kernels: KernelSpec[] = [
  {
    name: "sparseChunk",
    doc: "Row i of a CSR matrix times b (cols x r), output columns k .. k + w - 1.",
    params: "indptr: Int32Array, indices: Int32Array, values: Float32Array, b: Float64Array, r: number",
    loop: "for (let p = indptr[i], end = indptr[i + 1]; p < end; ++p)",
    weight: "values[p]",
    base: "indices[p] * r + k",
    args: "indptr, indices, values, b, r",
    dispatcher: {
      name: "sparseTimesTall",
      doc: "out[i, :] = sum_p values[p] b[indices[p], :] for the CSR rows start .. end - 1; b and out have r columns.",
      params: "indptr: Int32Array, indices: Int32Array, values: Float32Array, b: Float64Array, r: number"
    }
  },
  {
    name: "denseChunk",
    doc: "Row i of a dense float32 matrix a (n columns) times b (n x r), output columns k .. k + w - 1.",
    params: "a: Float32Array, n: number, b: Float64Array, r: number",
    loop: "for (let j = 0, o = i * n; j < n; ++j)",
    weight: "a[o + j]",
    base: "j * r + k",
    args: "a, n, b, r",
    dispatcher: {
      name: "denseTimesTall",
      doc: "out[i, :] = a[i, :] b for the rows start .. end - 1 of the float32 matrix a (n columns); b (n x r), out r columns.",
      params: "a: Float32Array, n: number, b: Float64Array, r: number"
    }
  },
  {
    name: "smallChunk",
    doc: "Row i of a float64 matrix a (p columns) times b (p x r), output columns k .. k + w - 1.",
    params: "a: Float64Array, p: number, b: Float64Array, r: number",
    loop: "for (let j = 0, o = i * p; j < p; ++j)",
    weight: "a[o + j]",
    base: "j * r + k",
    args: "a, p, b, r",
    dispatcher: {
      name: "tallTimesSmall",
      doc: "out[i, :] = a[i, :] b for the rows start .. end - 1 of the float64 matrix a (p columns); b (p x r), out r columns.",
      params: "a: Float64Array, p: number, b: Float64Array, r: number"
    }
  },
  {
    name: "transposedChunk",
    doc: "Row i of a^T b, with a (rows x p) and b (rows x r) float64: output columns k .. k + w - 1.",
    params: "a: Float64Array, p: number, rows: number, b: Float64Array, r: number",
    loop: "for (let j = 0; j < rows; ++j)",
    weight: "a[j * p + i]",
    base: "j * r + k",
    args: "a, p, rows, b, r",
    dispatcher: {
      name: "transposeTimesTall",
      doc: "out[i, :] = sum_j a[j, i] b[j, :] for i = start .. end - 1: rows of a^T b, a (rows x p) and b (rows x r) float64.",
      params: "a: Float64Array, p: number, rows: number, b: Float64Array, r: number"
    }
  }
];

function chunkFunction(spec: KernelSpec, w: number): string {
  const sums = Array.from({length: w}, (_, t) => `s${t} = 0`).join(", ");
  const adds = Array.from({length: w}, (_, t) => `s${t} += v * b[c${t === 0 ? "" : ` + ${t}`}];`).join(" ");
  const stores = Array.from({length: w}, (_, t) => `out[o${t === 0 ? "" : ` + ${t}`}] = s${t};`).join(" ");
  return `function ${spec.name}${w}(${spec.params}, out: Float64Array, i: number, k: number): void {
  let ${sums};
  ${spec.loop} {
    const v = ${spec.weight},
      c = ${spec.base};
    ${adds}
  }
  const o = i * r + k;
  ${stores}
}
`;
}

function dispatcher(spec: KernelSpec): string {
  const cases = Array.from(
    {length: MAX_CHUNK},
    (_, t) => `        case ${t + 1}:
          ${spec.name}${t + 1}(${spec.args}, out, i, k);
          break;`
  ).join("\n");
  return `/** ${spec.dispatcher.doc} */
export function ${spec.dispatcher.name}(
  ${spec.dispatcher.params},
  out: Float64Array,
  start: number,
  end: number
): void {
  const widths = chunkWidths(r);
  for (let i = start; i < end; ++i)
    for (let c = 0, k = 0; c < widths.length; k += widths[c++])
      switch (widths[c]) {
${cases}
      }
}
`;
}

/** The generated module's source, formatted with the project's Prettier options. */
export async function generateKernels(): Promise<string> {
  const parts = [
    `// Generated by scripts/generateKernels.ts: do not edit by hand.
/**
 * Row-times-small-matrix products, the inner loops of every product in the engine. Each output row
 * is computed in chunks of at most ${MAX_CHUNK} columns whose running sums stay in local variables
 * (registers), reading a term's weight and index once per chunk. Sums run in float64, in the order
 * of the terms, so the results equal the plain loops' bit for bit.
 */

const plans = new Map<number, Int32Array>();

/** Splits r columns into ceil(r / widest) chunks of near-equal width (widest ${MAX_CHUNK}: r = 15 gives 8, 7; r = 20 gives 10, 10). */
export function chunkWidths(r: number, widest = ${MAX_CHUNK}): Int32Array {
  const key = r * 1024 + widest;
  let plan = plans.get(key);
  if (plan === undefined) {
    const count = Math.ceil(r / widest);
    plan = new Int32Array(count);
    for (let c = 0; c < count; ++c) plan[c] = Math.floor(r / count) + (c < r % count ? 1 : 0);
    plans.set(key, plan);
  }
  return plan;
}
`
  ];
  for (const spec of kernels) {
    parts.push(dispatcher(spec));
    parts.push(`// ${spec.doc}\n`);
    for (let w = 1; w <= MAX_CHUNK; ++w) parts.push(chunkFunction(spec, w));
  }
  return format(parts.join("\n"), {
    parser: "typescript",
    bracketSpacing: false,
    printWidth: 120,
    trailingComma: "none"
  });
}

export const generatedPath = fileURLToPath(new URL("../engine/kernels/rowChunks.ts", import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFileAtomic(generatedPath, await generateKernels());
  console.log(`wrote ${generatedPath}`);
}
