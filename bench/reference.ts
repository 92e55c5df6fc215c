import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {loadData} from "../datasets/index.js";
import {writeNpy} from "../io/npy.js";

/** Debian's Python, which has python3-sklearn and python3-torch (not the pyenv python3 on PATH). */
export const referencePython = "/usr/bin/python3";

/**
 * Runs bench/reference.py on the same matrices the engine's cases use (`mnist` and `mnist:2000`,
 * written to a temporary folder as float32 .npy), its JSON lines going to stdout. Skipped with a
 * note on stderr when /usr/bin/python3 lacks scikit-learn, PyTorch or threadpoolctl.
 *
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the child's environment only: this
 * machine sets them for older OpenBLAS builds, and they pin OpenBLAS 0.3.21 to its Haswell kernel
 * (2x slower on a 2000 x 2000 product than the Cooperlake kernel it picks itself, same results).
 */
export async function runReference(): Promise<void> {
  const env = {...process.env};
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (
    !existsSync(referencePython) ||
    (await run(["-c", "import sklearn, torch, threadpoolctl"], env, "ignore")) !== 0
  ) {
    process.stderr.write(`reference: skipped (${referencePython} needs sklearn, torch and threadpoolctl)\n`);
    return;
  }
  const folder = await mkdtemp(join(tmpdir(), "nmf-bench-"));
  try {
    const paths: string[] = [];
    for (const spec of ["mnist", "mnist:2000"]) {
      const {X} = await loadData(spec);
      const path = join(folder, `${spec.replace(":", "-")}.npy`);
      await writeNpy(path, X.data, [X.rows, X.cols]);
      paths.push(path);
    }
    process.stderr.write("reference: scikit-learn and PyTorch on the same data (a few minutes)\n");
    const script = fileURLToPath(new URL("./reference.py", import.meta.url));
    const code = await run([script, ...paths], env, "inherit");
    if (code !== 0) throw new Error(`reference.py exited with code ${code}`);
  } finally {
    await rm(folder, {recursive: true, force: true});
  }
}

function run(args: string[], env: NodeJS.ProcessEnv, stdio: "inherit" | "ignore"): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(referencePython, args, {env, stdio: ["ignore", stdio, stdio]});
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}
