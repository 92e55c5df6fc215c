/**
 * `npm run bench`: times the engine's fit on the cases of bench/cases.ts and prints one JSON line
 * per case on stdout (progress goes to stderr):
 *
 *   {"name", "msPerStep" (median over runs), "spread" {min, max, iqr}, "cpuMsPerStep" (median of
 *    this process's CPU time per step: what the step costs when other jobs share the cores), "steps",
 *    "runs", "cores", "cpu" (the CPU model), "precision" (of the products with X), "relativeError" (at the last step of the last
 *    run), "loadAverage", "node"}; the references' lines carry their "cpu" and "dtype" too.
 *
 * A step's time is measured inside the fit, from the record of step 0 to the record of the last
 * step, divided by the steps between them: it covers the update and the metrics recorded every
 * step (error, singular values of the product, effective rank, ...), not the one-time setup (data
 * operator, init, the SVD of X, which is passed in as `dataSingularValues` and `dataSingularVectors`).
 * The timed runs follow a warm-up of whole fits of the case (--warmup seconds, default 4): V8
 * optimizes a function called once a step only after about a thousand calls, so a Deep NMF fit is
 * 20-30% slower over its first 2,000 steps than over the rest of a long run (docs/performance.md).
 *
 * Options: --runs N (default 5), --warmup SECONDS (default 4; 0 = one fit of 10 steps), --steps N
 * (override each case's iterations), --threads N (products with X on N threads, parallel/operator.ts;
 * default: the machine's cores, as scikit-learn's BLAS and PyTorch use them; 1 = the engine's own
 * single-threaded operator), --kernels wasm|ts (default wasm; ts runs
 * the TypeScript fallback), --case a,b (names or parts of names), --reference (then run
 * bench/reference.py with /usr/bin/python3: scikit-learn and PyTorch on the same data), --tfjs (also
 * time each case on tfjs's Node backends, cpu and wasm, through lab/: one run, a few steps),
 * --precision float64|float32|both (default both: each case in each precision, engine/kernels/float32.ts),
 * --compare-precision (instead of timing, run each case in both precisions and print how far float32's metrics
 * are from float64's, bench/precision.ts), --plateaus (time the plateau monitor and detector instead,
 * bench/plateaus.ts), --list.
 */
import {availableParallelism, cpus, loadavg} from "node:os";
import {
  InputError,
  fit,
  type DataOperator,
  useWasmKernels,
  dataOperator,
  checkPrecision,
  type Precision,
  wasmKernels,
  leadingSvd,
  type SingularVectors,
  type Matrix,
  type StepRecord,
  type FitContext
} from "../engine/index.js";
import {loadData} from "../datasets/index.js";
import {parallelDataOperator, type ParallelDataOperator} from "../parallel/operator.js";
import {benchCases, type BenchCase} from "./cases.js";
import {runReference} from "./reference.js";
import {benchPlateaus} from "./plateaus.js";
import {comparePrecision} from "./precision.js";
import {benchTfjs} from "./tfjs.js";
import {significant, summarize} from "./stats.js";

interface BenchArgs {
  runs: number;
  /** Seconds of untimed fits of each case before its timed runs. */
  warmupSeconds: number;
  /** Threads for the products with X (parallel/operator.ts); 1 = the engine's own operator. */
  threads: number;
  /** Whether the WebAssembly kernels run (false: the TypeScript fallback, for comparison). */
  wasm: boolean;
  steps?: number;
  cases: BenchCase[];
  reference: boolean;
  /** Also time the cases on tfjs's Node backends (cpu, wasm) through lab/. */
  tfjs: boolean;
  /** Time the plateau monitor (bench/plateaus.ts) instead of the fit cases. */
  plateaus: boolean;
  /** The compute precisions to time each case in (engine/kernels/float32.ts). */
  precisions: Precision[];
  /** Compare whole runs in float64 and float32 instead of timing (bench/precision.ts). */
  comparePrecision: boolean;
  list: boolean;
}

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    runs: 5,
    warmupSeconds: 4,
    threads: availableParallelism(),
    wasm: true,
    cases: benchCases,
    reference: false,
    tfjs: false,
    plateaus: false,
    precisions: ["float64", "float32"],
    comparePrecision: false,
    list: false
  };
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new InputError(flag, "(missing)", "needs a value");
      return argv[++i];
    };
    if (flag === "--runs") args.runs = positiveInteger(flag, value());
    else if (flag === "--steps") args.steps = positiveInteger(flag, value());
    else if (flag === "--warmup") {
      const text = value();
      args.warmupSeconds = Number(text);
      if (!(text.trim() !== "" && Number.isFinite(args.warmupSeconds) && args.warmupSeconds >= 0))
        throw new InputError(flag, text, "must be a number of seconds >= 0");
    } else if (flag === "--threads") args.threads = positiveInteger(flag, value());
    else if (flag === "--kernels") {
      const kernels = value();
      if (kernels !== "wasm" && kernels !== "ts") throw new InputError(flag, kernels, "must be wasm or ts");
      args.wasm = kernels === "wasm";
    } else if (flag === "--case") {
      const wanted = value().split(",");
      args.cases = benchCases.filter((c) => wanted.some((w) => c.name.includes(w)));
      if (args.cases.length === 0) throw new InputError(flag, wanted.join(","), "matches no case (see --list)");
    } else if (flag === "--precision") {
      const text = value();
      args.precisions = text === "both" ? ["float64", "float32"] : [checkPrecision(text, flag)];
    } else if (flag === "--compare-precision") args.comparePrecision = true;
    else if (flag === "--reference") args.reference = true;
    else if (flag === "--tfjs") args.tfjs = true;
    else if (flag === "--plateaus") args.plateaus = true;
    else if (flag === "--list") args.list = true;
    else
      throw new InputError(
        "option",
        flag,
        "unknown (options: --runs, --warmup, --steps, --threads, --kernels, --precision, --compare-precision, --case, --reference, --tfjs, --plateaus, --list)"
      );
  }
  return args;
}

function positiveInteger(name: string, text: string): number {
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= 1)) throw new InputError(name, text, "must be a positive integer");
  return n;
}

/**
 * Times one case: untimed fits of the case for `warmupSeconds` (at least one fit of 10 steps), then
 * `runs` timed fits.
 */
export function benchCase(
  c: BenchCase,
  X: Matrix,
  context: FitContext,
  runs: number,
  steps?: number,
  warmupSeconds = 0
) {
  const iterations = steps ?? c.options.iterations;
  const options = {...c.options, precision: context.dataOperator?.precision ?? c.options.precision};
  const warmUntil = performance.now() + 1000 * warmupSeconds;
  fit(X, {...options, iterations: Math.min(iterations, 10), recordEvery: 1}, context);
  while (performance.now() < warmUntil) fit(X, {...options, iterations, recordEvery: 1}, context);
  const times: number[] = [],
    cpuTimes: number[] = [];
  let relativeError = NaN,
    measured = 0;
  for (let run = 0; run < runs; ++run) {
    // This process's CPU time between the records of step 0 and of the last step: unlike the
    // wall clock, it does not count the time other processes hold the cores.
    let cpuAtStart = 0,
      cpuAtEnd = 0;
    const onRecord = (record: StepRecord) => {
      const {user, system} = process.cpuUsage();
      if (record.step === 0) cpuAtStart = user + system;
      else cpuAtEnd = user + system;
    };
    const result = fit(X, {...options, iterations, recordEvery: 1, onRecord}, context);
    const t = result.trajectory;
    const last = t.step.length - 1;
    measured = t.step[last] - t.step[0];
    times.push((t.timeMs[last] - t.timeMs[0]) / measured);
    cpuTimes.push((cpuAtEnd - cpuAtStart) / 1000 / measured);
    relativeError = t.relativeError[last];
  }
  const s = summarize(times);
  return {
    name: c.name,
    msPerStep: significant(s.median),
    spread: {min: significant(s.min), max: significant(s.max), iqr: significant(s.iqr)},
    cpuMsPerStep: significant(summarize(cpuTimes).median),
    steps: measured,
    runs,
    warmupSeconds,
    threads: context.dataOperator && "threads" in context.dataOperator ? context.dataOperator.threads : 1,
    kernels: wasmKernels() ? "wasm" : "ts",
    cores: availableParallelism(),
    cpu: cpuModel(),
    // Of the products with X; the factors, updates and metrics are float64 (the data is stored in float32).
    precision: options.precision ?? "float64",
    relativeError: significant(relativeError, 8),
    loadAverage: significant(loadavg()[0], 3),
    node: process.version
  };
}

/** The CPU's model name, which every figure of the bench is reported beside. */
export function cpuModel(): string {
  return cpus()[0]?.model.trim() || "unknown";
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  process.stderr.write(`machine: ${cpuModel()}, ${availableParallelism()} cores, Node ${process.version}\n`);
  if (args.list) {
    for (const c of benchCases) console.log(`${c.name}\t${c.data}\t${c.about}`);
    return;
  }
  if (args.plateaus) {
    for (const line of benchPlateaus(args.runs)) console.log(JSON.stringify(line));
    return;
  }
  useWasmKernels(args.wasm);
  const data = new Map<string, {X: Matrix; s: Float64Array; vectors: SingularVectors}>();
  const operators: DataOperator[] = [];
  try {
    for (const c of args.cases) {
      if (!data.has(c.data)) {
        const {X} = await loadData(c.data);
        // The cases record the default topK, 10 (a case asking for more would compute its own pairs).
        const {singularValues, vectors} = leadingSvd(X, Math.min(10, X.rows, X.cols));
        data.set(c.data, {X, s: singularValues, vectors});
      }
      const {X, s, vectors} = data.get(c.data)!;
      if (args.comparePrecision) {
        process.stderr.write(`${c.name}: ${X.rows} x ${X.cols}, float64 against float32\n`);
        const context = {dataSingularValues: s, dataSingularVectors: vectors};
        console.log(JSON.stringify({...comparePrecision(c, X, context, args.steps), cpu: cpuModel()}));
        continue;
      }
      for (const precision of args.precisions) {
        process.stderr.write(
          `${c.name}: ${X.rows} x ${X.cols}, ${precision}, ${args.warmupSeconds} s of warm-up, ${args.runs} runs\n`
        );
        const operator =
          args.threads > 1
            ? await parallelDataOperator(X, {threads: args.threads, precision})
            : dataOperator(X, {precision});
        operators.push(operator);
        const productMetricsThread = (operator as Partial<ParallelDataOperator>).productMetricsThread;
        const context = {
          dataSingularValues: s,
          dataSingularVectors: vectors,
          dataOperator: operator,
          productMetricsThread
        };
        console.log(JSON.stringify(benchCase(c, X, context, args.runs, args.steps, args.warmupSeconds)));
      }
      if (args.tfjs) {
        // tfjs takes 10 to 100 times longer per step: a few steps, one run.
        const large = X.rows > 5000;
        console.log(JSON.stringify(await benchTfjs(c, X, "wasm", 1, large ? 10 : 30)));
        console.log(JSON.stringify(await benchTfjs(c, X, "cpu", 1, large ? 3 : 10)));
      }
    }
  } finally {
    for (const operator of operators) await (operator as Partial<ParallelDataOperator>).close?.();
  }
  if (args.reference) await runReference();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof InputError ? 2 : 1);
  });
}
