// The lab's data loaders: the shipped digits, the optional flowers, and the engine's reference runs on
// exactly the data the page trains on.
import {execFile} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import * as Arrow from "apache-arrow";
import {describe, expect, it} from "vitest";
import {hashMatrix, loadData} from "../../datasets/index.js";
import {fit} from "../../engine/fit.js";
import {dequantize, quantize} from "../../src/data/labImages.js";
import {builtFile, distRoot, ensureSiteBuilt, repositoryRoot} from "../helpers/site.js";

const run = promisify(execFile);
const tsx = join(repositoryRoot, "node_modules", ".bin", "tsx");
const flowersDir = join(repositoryRoot, "..", "shared", "data", "flowers102");

/** Runs a loader as Framework does (tsx, stdout is the file) and decodes its Arrow output. */
async function load(loader: string, env: NodeJS.ProcessEnv = {}): Promise<Arrow.Table> {
  const {stdout} = await run(tsx, [join(repositoryRoot, "src", "data", loader)], {
    cwd: repositoryRoot,
    env: {...process.env, ...env},
    encoding: "buffer",
    maxBuffer: 64 << 20
  });
  return Arrow.tableFromIPC(stdout);
}

const json = (table: Arrow.Table, key: string) => JSON.parse(table.schema.metadata.get(key)!);

/** The pixels column as one byte array. */
function bytes(table: Arrow.Table): Uint8Array {
  const child = table.getChild("pixels")!.data[0].children[0];
  return (child.values as Uint8Array).subarray(child.offset, child.offset + child.length);
}

describe("the lab's loaders", () => {
  it(
    "ship the 1,000 digits of mnist:1000 as bytes, with the hash of what the page trains on",
    {timeout: 60_000},
    async () => {
      const table = await load("lab-mnist.arrow.ts");
      expect(table.numRows).toBe(1000);
      expect(json(table, "shape")).toEqual([28, 28, 1]);
      const {X, labels} = await loadData("mnist:1000");
      const shipped = bytes(table);
      expect(shipped).toEqual(quantize(X));
      expect(Array.from(table.getChild("label")!.toArray())).toEqual(Array.from(labels!));
      const provenance = json(table, "provenance");
      expect(provenance).toMatchObject({spec: "mnist:1000", subset: 1000, dataSeed: 112, m: 1000, n: 784});
      expect(provenance.hash).toBe(hashMatrix(dequantize(shipped, 1000, 784)));
      // Quantization moves a pixel by at most half a grey level.
      let worst = 0;
      const page = dequantize(shipped, 1000, 784);
      for (let k = 0; k < X.data.length; ++k) worst = Math.max(worst, Math.abs(page.data[k] - X.data[k]));
      expect(worst).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    }
  );

  it("ship no flowers, and say why, where Flowers102 is not found", {timeout: 60_000}, async () => {
    const empty = mkdtempSync(join(tmpdir(), "lab-no-flowers-"));
    try {
      const table = await load("lab-flowers.arrow.ts", {NMF_DATA_DIR: empty, NMF_FLOWERS102_DIR: ""});
      expect(table.numRows).toBe(0);
      expect(json(table, "available")).toBe(false);
      expect(json(table, "reason")).toMatch(/Flowers102 was not found/);
    } finally {
      rmSync(empty, {recursive: true, force: true});
    }
  });

  it.skipIf(!existsSync(join(flowersDir, "jpg")))(
    "ship 100 flowers of 32 x 32 RGB where Flowers102 is found",
    {timeout: 120_000},
    async () => {
      const table = await load("lab-flowers.arrow.ts", {NMF_FLOWERS102_DIR: flowersDir});
      expect(table.numRows).toBe(100);
      expect(json(table, "available")).toBe(true);
      expect(json(table, "shape")).toEqual([32, 32, 3]);
      expect(bytes(table)).toHaveLength(100 * 32 * 32 * 3);
    }
  );
});

describe("the lab's reference runs (the built site's file)", () => {
  it("hold the lab's default configuration, run by the engine on the page's own data", {timeout: 900_000}, async () => {
    const build = await ensureSiteBuilt();
    expect(build.exitCode, build.tail).toBe(0);
    const path = builtFile("data/lab-reference.arrow");
    expect(path).toBeDefined();
    const table = Arrow.tableFromIPC(readFileSync(join(distRoot, path!)));
    const presets = json(table, "presets") as {
      id: string;
      config: Record<string, unknown>;
      final: {relativeError: number};
    }[];
    const preset = presets.find((p) => p.id === "mu")!;
    expect(preset.config).toMatchObject({
      data: "mnist",
      rows: 500,
      model: "mu",
      ranks: [10],
      iterations: 300,
      init: "random",
      initScale: 1,
      seed: 0
    });
    // Every preset's trajectory is there, one row per step.
    const ids = table.getChild("preset")!.toArray() as string[];
    for (const p of presets) expect(ids.filter((id) => id === p.id)).toHaveLength((p.config.iterations as number) + 1);
    // The page's default data: the first 500 shipped digits divided by 255.
    const {X} = await loadData("mnist:1000");
    const data = dequantize(quantize(X), 500, 784);
    const engine = fit(data, {model: "mu", ranks: [10], iterations: 300, seed: 0});
    expect(Math.abs(preset.final.relativeError / engine.trajectory.relativeError[300] - 1)).toBeLessThan(1e-12);
  });
});
