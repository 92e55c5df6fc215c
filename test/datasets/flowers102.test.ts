import {existsSync} from "node:fs";
import {copyFile, mkdir, readdir, symlink} from "node:fs/promises";
import {join} from "node:path";
import sharp from "sharp";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {tempDir} from "./tempDir.js";

const flowersDir = join(import.meta.dirname, "../../../shared/data/flowers102");
const hasFlowers = existsSync(join(flowersDir, "jpg"));
if (!hasFlowers) console.warn(`skipping Flowers102 tests: ${flowersDir} is absent`);

describe.skipIf(!hasFlowers)("Flowers102 on the official training split", () => {
  it("decodes the train split to 1,020 x 12,288 (64 x 64 RGB) in [0, 1], labels 1..102, 10 per class", async () => {
    const {X, labels, provenance} = await loadData(`flowers102:${flowersDir}`);
    expect([X.rows, X.cols]).toEqual([1020, 12288]);
    expect(provenance).toMatchObject({split: "train", m: 1020, n: 12288, imageShape: [64, 64, 3]});
    expect(provenance.valueRange[0]).toBeGreaterThanOrEqual(0);
    expect(provenance.valueRange[1]).toBeLessThanOrEqual(1);
    expect(provenance.valueRange[1]).toBeGreaterThan(0.9);
    const counts = new Map<number, number>();
    for (const l of labels!) counts.set(l, (counts.get(l) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({length: 102}, (_, k) => k + 1));
    expect([...counts.values()].every((c) => c === 10)).toBe(true);
  });

  it("flattens HWC: row 0 is setid's first train image (image_06765.jpg) resized as sharp does", async () => {
    const {X} = await loadData(`flowers102:${flowersDir}`, {size: 16});
    expect(X.cols).toBe(16 * 16 * 3);
    const {data, info} = await sharp(join(flowersDir, "jpg/image_06765.jpg"))
      .resize(16, 16, {fit: "fill"})
      .raw()
      .toBuffer({resolveWithObject: true});
    expect(info.channels).toBe(3);
    // Pixel (y, x, c) at (y * width + x) * 3 + c.
    for (const [y, x, c] of [
      [0, 0, 0],
      [3, 7, 1],
      [15, 15, 2],
      [8, 2, 0]
    ])
      expect(X.data[(y * 16 + x) * 3 + c]).toBeCloseTo(data[(y * 16 + x) * 3 + c] / 255, 6);
  });

  it("takes reproducible subsets, decodes the whole folder with split all, and crops on request", async () => {
    const a = await loadData(`flowers102:${flowersDir}:30`, {size: 8});
    const b = await loadData(`flowers102:${flowersDir}:30`, {size: 8});
    const c = await loadData(`flowers102:${flowersDir}:30`, {size: 8, dataSeed: 1});
    expect(a.provenance).toMatchObject({subset: 30, dataSeed: 112, m: 30, n: 192});
    expect(a.provenance.hash).toBe(b.provenance.hash);
    expect(c.provenance.hash).not.toBe(a.provenance.hash);
    const all = await loadData(`flowers102:${flowersDir}`, {size: 4, split: "all"});
    expect([all.X.rows, all.provenance.split]).toEqual([1020, "all"]);
    const crop = await loadData(`flowers102:${flowersDir}:30`, {size: 8, resize: "crop"});
    expect(crop.provenance.hash).not.toBe(a.provenance.hash);
    expect(crop.provenance.source).toMatch(/resize crop/);
  });

  it("names a split whose images are missing, and a bad split", async () => {
    await expect(loadData(`flowers102:${flowersDir}`, {split: "valid", size: 4})).rejects.toThrow(
      /invalid data folder: ".*flowers102" \(split valid lists image_\d{5}.jpg, which is missing \(1020 of 1020 missing\)\)/
    );
    await expect(loadData(`flowers102:${flowersDir}`, {split: "val"})).rejects.toThrow(
      /invalid split: "val" \(flowers102 has train, valid, test or all\)/
    );
    await expect(loadData(`flowers102:${flowersDir}:1021`, {size: 4})).rejects.toThrow(
      /asks for 1021 rows but the dataset has 1020/
    );
  });
});

describe.skipIf(!hasFlowers)("Flowers102 layouts without the .mat files", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  it("without setid.mat uses every image (split all) and says so; without imagelabels.mat has no labels", async () => {
    const folder = join(dir, "bare");
    await mkdir(join(folder, "jpg"), {recursive: true});
    const names = (await readdir(join(flowersDir, "jpg"))).sort().slice(0, 5);
    for (const n of names) await symlink(join(flowersDir, "jpg", n), join(folder, "jpg", n));
    const warnings: string[] = [];
    const d = await loadData(`flowers102:${folder}`, {size: 4, onWarning: (m) => warnings.push(m)});
    expect([d.X.rows, d.provenance.split, d.labels]).toEqual([5, "all", undefined]);
    expect(warnings.join("\n")).toMatch(/has no setid.mat: using every image/);
    await expect(loadData(`flowers102:${folder}`, {split: "train"})).rejects.toThrow(
      /invalid split: "train" \(needs .*setid.mat, which is missing/
    );
    await copyFile(join(flowersDir, "imagelabels.mat"), join(folder, "imagelabels.mat"));
    const labelled = await loadData(`flowers102:${folder}`, {size: 4, split: "all"});
    expect(labelled.labels!.every((l) => l >= 1 && l <= 102)).toBe(true);
  });

  it("names a missing folder, a folder without jpg/, and a setid.mat that is not MATLAB v5", async () => {
    await expect(loadData(`flowers102:${join(dir, "nowhere")}`)).rejects.toThrow(
      /invalid data folder: ".*nowhere" \(no such folder\)/
    );
    const nojpg = join(dir, "nojpg");
    await mkdir(nojpg);
    await expect(loadData(`flowers102:${nojpg}`)).rejects.toThrow(/has no jpg\/ folder/);
    const badmat = join(dir, "badmat");
    await mkdir(join(badmat, "jpg"), {recursive: true});
    await copyFile(join(flowersDir, "README.md"), join(badmat, "setid.mat"));
    await expect(loadData(`flowers102:${badmat}`)).rejects.toThrow(
      /invalid mat file: ".*setid.mat" \(not a MATLAB v5 file/
    );
  });
});
