/**
 * Cross-implementation check: the engine's Deep NMF run against the study's loop in PyTorch
 * (bench/crossCheck.py), both started from the same factors.
 *
 *   npm run cross-check                       # 200 steps compared step by step, then 20,000 to the end
 *   npm run cross-check -- --steps 200 --long 0 --out cross-check.json
 *
 * Two starts, each run by both implementations:
 * - `engine-seed-112`: the engine's seeded uniform [0, 1) draw, written by `nmf fit --seed 112
 *   --save-init DIR`; PyTorch runs the study's loop (`relu`: loss on relu of each factor, Adam,
 *   clamp) in float32 and float64, and the same loop with the loss on the factors themselves
 *   (`projected`, the engine's definition) in float64 and float32.
 * - `torch-seed-112`: the factors a PyTorch rendering draws for itself (`torch.manual_seed(112)`,
 *   `torch.rand`, as bench/reference.py); the engine runs from them with `nmf fit --init-from DIR`,
 *   PyTorch runs the study's loop in float32.
 * Per start and variant: the largest relative difference of the relative error from the engine's over
 * the first `--steps` steps, and the final relative errors of the engine and of the float32 loops after
 * `--long` steps (the float64 variants stop at `--steps`).
 *
 * Needs Debian's /usr/bin/python3 with python3-torch. Prints a JSON summary (and writes it to --out).
 */
import {spawn} from "node:child_process";
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {cpus, tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {parseArgs} from "node:util";
import {loadData} from "../datasets/index.js";
import {writeNpy} from "../io/npy.js";
import {readRunFile} from "../io/runTable.js";
import {referencePython} from "./reference.js";

interface Point {
  step: number;
  relativeError: number;
  zeros: number;
}

/** `long`: also run to the end (`--long` steps); the float64 variants check the first `--steps` steps only. */
type Variant = {name: string; variant: "relu" | "projected"; dtype: "float64" | "float32"; long: boolean};

const studyLoop32: Variant = {name: "relu-float32", variant: "relu", dtype: "float32", long: true};

const starts: {name: string; description: string; variants: Variant[]}[] = [
  {
    name: "engine-seed-112",
    description: "the engine's seeded uniform [0, 1) draw, seed 112 (nmf fit --save-init)",
    variants: [
      {name: "projected-float64", variant: "projected", dtype: "float64", long: false},
      {name: "relu-float64", variant: "relu", dtype: "float64", long: false},
      studyLoop32,
      // The engine's loss in the study's precision: tells the loss definition from float32 at the end.
      {name: "projected-float32", variant: "projected", dtype: "float32", long: true}
    ]
  },
  {
    name: "torch-seed-112",
    description: "PyTorch's own uniform [0, 1) draw, torch.manual_seed(112) (bench/reference.py; nmf fit --init-from)",
    variants: [studyLoop32]
  }
];

const data = "mnist:2000";
const nmf = fileURLToPath(new URL("../bin/nmf.js", import.meta.url));
const script = fileURLToPath(new URL("./crossCheck.py", import.meta.url));

async function main(): Promise<void> {
  const {values} = parseArgs({
    options: {steps: {type: "string", default: "200"}, long: {type: "string", default: "20000"}, out: {type: "string"}}
  });
  const steps = Number(values.steps),
    long = Number(values.long);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`invalid --steps: ${values.steps}`);
  if (!(Number.isInteger(long) && long >= 0)) throw new Error(`invalid --long: ${values.long}`);
  const folder = await mkdtemp(join(tmpdir(), "nmf-cross-check-"));
  try {
    const {X} = await loadData(data);
    const xPath = join(folder, "X.npy");
    await writeNpy(xPath, X.data, [X.rows, X.cols]);
    const total = Math.max(steps, long);
    const results = [];
    for (const start of starts) {
      const initDir = join(folder, start.name);
      const fitArgs = ["fit", "--data", data, "--model", "deep", "--ranks", "20,10", "--loss", "global"];
      fitArgs.push("--optimizer", "adam", "--lr", "0.01", "--iters", String(total));
      if (start.name === "engine-seed-112") fitArgs.push("--init", "random", "--init-scale", "1", "--seed", "112");
      else await run(referencePython, [script, "--torch-init", initDir, String(X.rows), String(X.cols), "112"]);
      fitArgs.push(start.name === "engine-seed-112" ? "--save-init" : "--init-from", initDir);
      const enginePath = join(folder, `${start.name}.arrow`);
      await run(process.execPath, [nmf, ...fitArgs, "--out", enginePath], "inherit");
      const engine = (await readRunFile(enginePath)).trajectory;
      const last = engine.step.length - 1;
      const engineAt = new Map(Array.from(engine.step, (step, i) => [step, engine.relativeError[i]]));
      const variants = [];
      for (const v of start.variants) {
        const lines = await run(referencePython, [
          script,
          xPath,
          initDir,
          String(v.long ? total : steps),
          v.variant,
          v.dtype,
          String(steps)
        ]);
        const points: Point[] = lines.map((line) => JSON.parse(line));
        let largest = 0,
          at = 0;
        for (const p of points.filter((p) => p.step <= steps)) {
          const e = engineAt.get(p.step)!;
          const difference = Math.abs(p.relativeError - e) / e;
          if (difference > largest) ((largest = difference), (at = p.step));
        }
        const end = points[points.length - 1];
        variants.push({
          variant: v.name,
          largestRelativeDifference: largest,
          atStep: at,
          finalStep: end.step,
          finalRelativeError: end.relativeError,
          zerosAtEnd: end.zeros
        });
      }
      results.push({
        start: start.name,
        description: start.description,
        engine: {
          finalStep: engine.step[last],
          finalRelativeError: engine.relativeError[last],
          finalEffectiveRank: engine.effectiveRank[last],
          modesLearned: engine.modesLearned[last]
        },
        variants
      });
    }
    const summary = {
      command: `npm run cross-check -- --steps ${steps} --long ${long}`,
      data: `${data} (data seed 112)`,
      configuration: "Deep NMF (20, 10), global loss, Adam lr 1e-2, uniform [0, 1) init",
      steps,
      starts: results,
      cpu: cpus()[0]?.model ?? "unknown",
      date: new Date().toISOString().slice(0, 10)
    };
    const text = JSON.stringify(summary, null, 2);
    process.stdout.write(text + "\n");
    if (values.out) await writeFile(values.out, text + "\n");
  } finally {
    await rm(folder, {recursive: true, force: true});
  }
}

/** Runs a command; resolves with its stdout lines, rejects on a non-zero exit. */
function run(command: string, args: string[], stdout: "pipe" | "inherit" = "pipe"): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {stdio: ["ignore", stdout, "inherit"]});
    let text = "";
    child.stdout?.on("data", (chunk) => (text += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(text.split("\n").filter((line) => line.trim() !== ""))
        : reject(new Error(`${command} exited with ${code}`))
    );
  });
}

main().catch((error) => {
  process.stderr.write(`cross-check: ${(error as Error).message}\n`);
  process.exit(1);
});
