// The lab's data loaders: the shipped digits, the optional flowers, and the engine's reference runs on
// exactly the data the page trains on.
import {execFile} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import * as Arrow from "apache-arrow";
import {describe, expect, it} from "vitest";
import {hashMatrix, loadData} from "../../datasets/index.js";
import {applyTransform} from "../../experiments/transforms.js";
import {dequantize, quantize} from "../../src/data/imageBytes.js";
import {describeRealData} from "../helpers/realData.js";
import {builtFile, distRoot, ensureSiteBuilt, repositoryRoot} from "../helpers/site.js";

const run = promisify(execFile);
const tsx = join(repositoryRoot, "node_modules", ".bin", "tsx");

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

  it("give the lab-presets experiment the page's numbers: the first 500 digits as byte / 255", async () => {
    const digits = await loadData("mnist:1000");
    const {X} = applyTransform(digits, {kind: "bytes", rows: 500});
    const page = dequantize(quantize(digits.X), 500, 784);
    expect(X.rows).toBe(500);
    expect(X.data).toEqual(page.data);
    expect(() => applyTransform(digits, {kind: "bytes", rows: 1001})).toThrow(/rows.*1001/);
  });

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

  describeRealData("Flowers102", "the lab's flowers", (flowersDir) => {
    it("ship 100 flowers of 32 x 32 RGB where Flowers102 is found", {timeout: 120_000}, async () => {
      const table = await load("lab-flowers.arrow.ts", {NMF_FLOWERS102_DIR: flowersDir});
      expect(table.numRows).toBe(100);
      expect(json(table, "available")).toBe(true);
      expect(json(table, "shape")).toEqual([32, 32, 3]);
      expect(bytes(table)).toHaveLength(100 * 32 * 32 * 3);
    });
  });
});
