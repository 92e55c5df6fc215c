import {copyFile, cp, mkdir, readdir, symlink, writeFile} from "node:fs/promises";
import {join} from "node:path";
import sharp from "sharp";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {describeRealData, fixtures} from "../helpers/realData.js";
import {tempDir} from "./tempDir.js";

// The fixture (test/fixtures/README.md): image_00001 ... image_00009.jpg of 18 x 13 ... 34 x 21 pixels,
// image k one colour (20k + 30, 200 - 15k, 53k mod 256), image 9 with a green band on its left 8 columns;
// labels 3, 1, 2, 3, 1, 2, 3, 1, 2; trnid 6, 1, 8; valid 2, 4, 9; tstid 3, 5, 7.
const fixture = fixtures.flowers102;
const colour = (k: number) => [20 * k + 30, 200 - 15 * k, (53 * k) % 256];

describe("Flowers102 layout (the fixture)", () => {
  it("decodes a split in setid.mat's order, with imagelabels.mat's labels, HWC in [0, 1]", async () => {
    const {X, labels, provenance} = await loadData(`flowers102:${fixture}`, {size: 4});
    expect([X.rows, X.cols]).toEqual([3, 4 * 4 * 3]);
    expect(provenance).toMatchObject({split: "train", m: 3, n: 48, imageShape: [4, 4, 3]});
    expect(Array.from(labels!)).toEqual([2, 3, 1]);
    // Rows are images 6, 1, 8; every pixel of a one-colour image has its colour (JPEG: within 3/255).
    [6, 1, 8].forEach((k, row) => {
      for (let p = 0; p < 16; ++p)
        for (let c = 0; c < 3; ++c) expect(Math.abs(X.data[row * 48 + p * 3 + c] * 255 - colour(k)[c])).toBeLessThan(3);
    });
    const valid = await loadData(`flowers102:${fixture}`, {size: 2, split: "valid"});
    expect(Array.from(valid.labels!)).toEqual([1, 3, 2]);
    const test = await loadData(`flowers102:${fixture}`, {size: 2, split: "test"});
    expect(Array.from(test.labels!)).toEqual([2, 1, 3]);
    const all = await loadData(`flowers102:${fixture}`, {size: 2, split: "all"});
    expect([all.X.rows, all.provenance.split, Array.from(all.labels!)]).toEqual([
      9,
      "all",
      [3, 1, 2, 3, 1, 2, 3, 1, 2]
    ]);
  });

  it("resizes as sharp does: default 64 px, fill ignoring aspect, crop from the centre", async () => {
    const {X} = await loadData(`flowers102:${fixture}`, {split: "all"});
    expect(X.cols).toBe(64 * 64 * 3);
    const {data} = await sharp(join(fixture, "jpg", "image_00009.jpg"))
      .resize(8, 8, {fit: "fill"})
      .raw()
      .toBuffer({resolveWithObject: true});
    const fill = await loadData(`flowers102:${fixture}`, {split: "all", size: 8});
    const row = fill.X.data.subarray(8 * 192, 9 * 192);
    for (let k = 0; k < 192; ++k) expect(row[k]).toBeCloseTo(data[k] / 255, 6);
    // The green band (left 8 of 34 columns) fills column 0 with fill, and is mostly cut off with crop.
    const crop = await loadData(`flowers102:${fixture}`, {split: "all", size: 8, resize: "crop"});
    const green = (image: Float32Array) => image[8 * 192 + 1];
    expect(green(fill.X.data)).toBeGreaterThan(0.9);
    expect(green(crop.X.data)).toBeLessThan(green(fill.X.data) - 0.2);
    expect(crop.provenance.source).toMatch(/resize crop/);
  });

  it("takes reproducible seeded subsets", async () => {
    const a = await loadData(`flowers102:${fixture}:2`, {size: 2, split: "all"});
    const b = await loadData(`flowers102:${fixture}:2`, {size: 2, split: "all"});
    const c = await loadData(`flowers102:${fixture}:2`, {size: 2, split: "all", dataSeed: 7});
    expect(a.provenance).toMatchObject({subset: 2, dataSeed: 112, m: 2});
    expect(a.provenance.hash).toBe(b.provenance.hash);
    expect(c.provenance.hash).not.toBe(a.provenance.hash);
    await expect(loadData(`flowers102:${fixture}:4`, {size: 2})).rejects.toThrow(
      /asks for 4 rows but the dataset has 3/
    );
  });

  it("names a bad split and a split whose images are missing", async () => {
    await expect(loadData(`flowers102:${fixture}`, {split: "val"})).rejects.toThrow(
      /invalid split: "val" \(flowers102 has train, valid, test or all\)/
    );
    const dir = await tempDir("nmf-flowers-");
    const partial = join(dir, "partial");
    await cp(fixture, partial, {recursive: true});
    await import("node:fs/promises").then(({rm}) => rm(join(partial, "jpg", "image_00004.jpg")));
    await expect(loadData(`flowers102:${partial}`, {split: "valid", size: 2})).rejects.toThrow(
      /invalid data folder: ".*partial" \(split valid lists image_00004\.jpg, which is missing \(1 of 3 missing\)\)/
    );
  });
});

describe("Flowers102 layouts without the .mat files", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  it("without setid.mat uses every image (split all) and says so; without imagelabels.mat has no labels", async () => {
    const folder = join(dir, "bare");
    await mkdir(join(folder, "jpg"), {recursive: true});
    const names = (await readdir(join(fixture, "jpg"))).sort().slice(0, 5);
    for (const n of names) await symlink(join(fixture, "jpg", n), join(folder, "jpg", n));
    await writeFile(join(folder, "jpg", "notes.txt"), "not an image");
    const warnings: string[] = [];
    const d = await loadData(`flowers102:${folder}`, {size: 4, onWarning: (m) => warnings.push(m)});
    expect([d.X.rows, d.provenance.split, d.labels]).toEqual([5, "all", undefined]);
    expect(warnings.join("\n")).toMatch(/has no setid.mat: using every image/);
    expect(warnings.join("\n")).toMatch(/skipped 1 file\(s\) in .* not named image_NNNNN\.jpg: notes\.txt/);
    await expect(loadData(`flowers102:${folder}`, {split: "train"})).rejects.toThrow(
      /invalid split: "train" \(needs .*setid.mat, which is missing/
    );
    await copyFile(join(fixture, "imagelabels.mat"), join(folder, "imagelabels.mat"));
    const labelled = await loadData(`flowers102:${folder}`, {size: 4, split: "all", onWarning: () => {}});
    expect(Array.from(labelled.labels!)).toEqual([3, 1, 2, 3, 1]);
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
    await writeFile(join(badmat, "setid.mat"), "# a text file, not a MAT-file\n".repeat(8));
    await expect(loadData(`flowers102:${badmat}`)).rejects.toThrow(
      /invalid mat file: ".*setid.mat" \(not a MATLAB v5 file/
    );
  });
});

describeRealData("Flowers102", "the official training split", (flowersDir) => {
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
    expect(a.provenance).toMatchObject({subset: 30, dataSeed: 112, m: 30, n: 192});
    expect(a.provenance.hash).toBe(b.provenance.hash);
    const crop = await loadData(`flowers102:${flowersDir}:30`, {size: 8, resize: "crop"});
    expect(crop.provenance.hash).not.toBe(a.provenance.hash);
    await expect(loadData(`flowers102:${flowersDir}:100000`, {size: 4})).rejects.toThrow(/asks for 100000 rows/);
  });
});
