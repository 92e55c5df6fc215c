import {mkdir, symlink, writeFile} from "node:fs/promises";
import {join} from "node:path";
import sharp from "sharp";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {tempDir} from "./tempDir.js";

/** A PNG of the given RGB pixels (row-major, HWC). */
function png(width: number, height: number, rgb: number[], channels: 1 | 3 = 3): Promise<Buffer> {
  let image = sharp(Buffer.from(rgb), {raw: {width, height, channels}});
  if (channels === 1) image = image.toColourspace("b-w");
  return image.png().toBuffer();
}

describe("images:DIR", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  it("flattens each image HWC in file-name order, values byte / 255", async () => {
    const folder = join(dir, "rgb");
    await mkdir(folder);
    // 2 x 1 images: pixel (0, 0) then (0, 1), each R, G, B.
    await writeFile(join(folder, "b.png"), await png(2, 1, [255, 0, 0, 0, 0, 255]));
    await writeFile(join(folder, "a.png"), await png(2, 1, [0, 255, 0, 51, 102, 153]));
    const {X, provenance, labels} = await loadData(`images:${folder}`);
    expect([X.rows, X.cols]).toEqual([2, 6]);
    expect(Array.from(X.data)).toEqual([0, 1, 0, 0.2, 0.4, 0.6, 1, 0, 0, 0, 0, 1].map(Math.fround));
    expect(provenance).toMatchObject({imageShape: [1, 2, 3], valueRange: [0, 1], m: 2, n: 6});
    expect(labels).toBeUndefined();
  });

  it("keeps one channel when every image is grey", async () => {
    const folder = join(dir, "grey");
    await mkdir(folder);
    await writeFile(join(folder, "0.png"), await png(3, 2, [0, 50, 100, 150, 200, 250], 1));
    await writeFile(join(folder, "1.png"), await png(3, 2, [250, 200, 150, 100, 50, 0], 1));
    const {X, provenance} = await loadData(`images:${folder}`);
    expect(provenance.imageShape).toEqual([2, 3, 1]);
    expect(X.data[1]).toBeCloseTo(50 / 255, 6);
  });

  it("resizes images of mixed sizes to the first one's size and says so; --size sets the size", async () => {
    const folder = join(dir, "mixed");
    await mkdir(folder);
    await writeFile(join(folder, "1.png"), await png(4, 2, new Array(24).fill(200)));
    await writeFile(
      join(folder, "2.jpg"),
      await sharp({create: {width: 8, height: 8, channels: 3, background: "#808080"}})
        .jpeg()
        .toBuffer()
    );
    await writeFile(join(folder, "3.png"), await png(4, 2, new Array(24).fill(10)));
    const warnings: string[] = [];
    const d = await loadData(`images:${folder}`, {onWarning: (m) => warnings.push(m)});
    expect([d.X.rows, d.X.cols, d.provenance.imageShape]).toEqual([3, 24, [2, 4, 3]]);
    expect(warnings).toEqual([expect.stringMatching(/mixed sizes \(4x2, 8x8\): resized 1 of 3 to 4x2/)]);
    const sized = await loadData(`images:${folder}`, {size: 5, onWarning: (m) => warnings.push(m)});
    expect(sized.provenance.imageShape).toEqual([5, 5, 3]);
    expect(warnings.length).toBe(1);
    const sub = await loadData(`images:${folder}:2`, {onWarning: () => {}});
    expect(sub.provenance).toMatchObject({subset: 2, dataSeed: 112, m: 2});
  });

  it("skips files that are not images with a warning, and fails on an image file that does not decode", async () => {
    const folder = join(dir, "junk");
    await mkdir(join(folder, "sub"), {recursive: true});
    await writeFile(join(folder, "a.png"), await png(1, 1, [1, 2, 3]));
    await writeFile(join(folder, "notes.txt"), "not an image");
    const warnings: string[] = [];
    const d = await loadData(`images:${folder}`, {onWarning: (m) => warnings.push(m)});
    expect(d.X.rows).toBe(1);
    expect(warnings).toEqual([
      expect.stringMatching(/skipped 2 entries of .*junk that are not PNG\/JPEG files: notes.txt, sub\//)
    ]);
    await writeFile(join(folder, "b.png"), "this is text with a .png name");
    await expect(loadData(`images:${folder}`, {onWarning: () => {}})).rejects.toThrow(
      /invalid image: ".*b.png" \(cannot read: /
    );
  });

  it("names an empty folder, a missing folder, bad sizes and splits", async () => {
    const empty = join(dir, "empty");
    await mkdir(empty);
    await writeFile(join(empty, "readme.md"), "# nothing");
    await expect(loadData(`images:${empty}`, {onWarning: () => {}})).rejects.toThrow(
      /invalid data folder: ".*empty" \(has no PNG or JPEG images\)/
    );
    await expect(loadData(`images:${join(dir, "nowhere")}`)).rejects.toThrow(/no such folder/);
    await expect(loadData(`images:${empty}`, {size: 0})).rejects.toThrow(/invalid size: 0/);
    await expect(loadData(`images:${empty}`, {size: 2.5})).rejects.toThrow(/invalid size: 2.5/);
    await expect(loadData(`images:${empty}`, {split: "train"})).rejects.toThrow(/invalid split: "train"/);
    await expect(loadData(`images:${empty}`, {resize: "stretch" as never})).rejects.toThrow(
      /invalid resize: "stretch"/
    );
  });
});

describe("images:DIR with symbolic links", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir("nmf-symlinks-");
  });

  it("reads images reached through symbolic links, and counts every image of a mixed folder", async () => {
    const originals = join(dir, "originals");
    await mkdir(originals);
    for (const [name, value] of [
      ["a.png", 10],
      ["b.png", 20],
      ["c.png", 30]
    ] as const)
      await writeFile(join(originals, name), await png(1, 1, [value], 1));
    const links = join(dir, "links");
    await mkdir(links);
    for (const name of ["a.png", "b.png"]) await symlink(join(originals, name), join(links, name));
    const viaLinks = await loadData(`images:${links}`);
    expect(viaLinks.X.rows).toBe(2);
    expect(Array.from(viaLinks.X.data)).toEqual([10 / 255, 20 / 255].map(Math.fround));

    await writeFile(join(links, "c.png"), await png(1, 1, [30], 1));
    await symlink(originals, join(links, "sub"));
    const warnings: string[] = [];
    const mixed = await loadData(`images:${links}`, {onWarning: (m) => warnings.push(m)});
    expect(mixed.X.rows).toBe(3);
    expect(warnings).toEqual([expect.stringMatching(/skipped 1 entry .* sub\//)]);

    await symlink(join(dir, "nowhere.png"), join(links, "d.png"));
    await expect(loadData(`images:${links}`, {onWarning: () => {}})).rejects.toThrow(
      /invalid image: ".*d\.png" \(a symbolic link to .*nowhere\.png, which does not exist\)/
    );
  });

  it("says that a file given as the folder is a file", async () => {
    const file = join(dir, "originals", "a.png");
    await expect(loadData(`images:${file}`)).rejects.toThrow(
      /invalid data folder: ".*a\.png" \(is a file, not a folder\)/
    );
    await expect(loadData(`mnist-idx:${file}`)).rejects.toThrow(/\(is a file, not a folder\)/);
    await expect(loadData(`flowers102:${file}`)).rejects.toThrow(/\(is a file, not a folder\)/);
  });
});
