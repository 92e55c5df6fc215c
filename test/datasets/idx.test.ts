import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {beforeAll, describe, expect, it} from "vitest";
import {parseIdx, readIdxFile} from "../../datasets/idx.js";
import {findIdxFile} from "../../datasets/idxDataset.js";
import {loadData} from "../../datasets/index.js";
import {describeRealData, fixtures} from "../helpers/realData.js";
import {tempDir} from "./tempDir.js";

/** IDX bytes: magic 0x0000 08 ndim, big-endian sizes, then the bytes. */
function idx(dims: number[], data: ArrayLike<number>, type = 8): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(Uint8Array.from(data), header.length);
  return out;
}

// The fixture (test/fixtures/README.md): the first 12 train and 6 test records of Fashion-MNIST, raw and gzipped.
const trainLabels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9];
const testLabels = [9, 2, 1, 1, 6, 1];

describe("Fashion-MNIST IDX files (the fixture, gzipped and raw)", () => {
  it("reads the train split in file order, values byte / 255, the same from .gz and raw files", async () => {
    const gz = await loadData(`fashion-mnist:${fixtures.fashionMnistGz}`);
    const raw = await loadData(`fashion-mnist:${fixtures.fashionMnistRaw}`);
    expect([gz.X.rows, gz.X.cols]).toEqual([12, 784]);
    expect(gz.provenance).toMatchObject({split: "train", imageShape: [28, 28, 1], m: 12, n: 784});
    expect(Array.from(gz.labels!)).toEqual(trainLabels);
    expect(raw.provenance.hash).toBe(gz.provenance.hash);
    const bytes = (await readIdxFile(join(fixtures.fashionMnistRaw, "train-images-idx3-ubyte"), 3)).data;
    expect(Array.from(gz.X.data)).toEqual(Array.from(bytes, (b) => Math.fround(b / 255)));
    expect(gz.provenance.valueRange).toEqual([0, 1]);
  });

  it("reads the test split, both splits with all, and seeded subsets", async () => {
    const test = await loadData(`fashion-mnist:${fixtures.fashionMnistGz}`, {split: "test"});
    expect([test.X.rows, Array.from(test.labels!)]).toEqual([6, testLabels]);
    const all = await loadData(`fashion-mnist:${fixtures.fashionMnistRaw}`, {split: "all"});
    expect(Array.from(all.labels!)).toEqual([...trainLabels, ...testLabels]);
    const a = await loadData(`fashion-mnist:${fixtures.fashionMnistGz}:5`);
    const b = await loadData(`fashion-mnist:${fixtures.fashionMnistRaw}:5`);
    expect(a.provenance).toMatchObject({subset: 5, dataSeed: 112, m: 5});
    expect(b.provenance.hash).toBe(a.provenance.hash);
    await expect(loadData(`fashion-mnist:${fixtures.fashionMnistGz}:19`, {split: "all"})).rejects.toThrow(
      /asks for 19 rows but the dataset has 18/
    );
    await expect(loadData(`fashion-mnist:${fixtures.fashionMnistGz}`, {split: "valid"})).rejects.toThrow(
      /invalid split: "valid"/
    );
  });

  it("finds the folder through NMF_FASHION_MNIST_DIR", async () => {
    const saved = process.env.NMF_FASHION_MNIST_DIR;
    process.env.NMF_FASHION_MNIST_DIR = fixtures.fashionMnistGz;
    try {
      const data = await loadData("fashion-mnist:3");
      expect(data.provenance.source).toBe(`fashion-mnist (IDX files in ${fixtures.fashionMnistGz})`);
    } finally {
      if (saved === undefined) delete process.env.NMF_FASHION_MNIST_DIR;
      else process.env.NMF_FASHION_MNIST_DIR = saved;
    }
  });
});

describeRealData("Fashion-MNIST", "the full IDX files", (fashionDir) => {
  it("reads the gzipped IDX files: 60,000 train images of 28 x 28 and their labels, 6,000 per class", async () => {
    const images = await readIdxFile(findIdxFile(fashionDir, "train", "images", 3), 3);
    const labels = await readIdxFile(findIdxFile(fashionDir, "train", "labels", 1), 1);
    expect(images.dims).toEqual([60000, 28, 28]);
    expect(labels.dims).toEqual([60000]);
    const counts = new Array(10).fill(0);
    for (const l of labels.data) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(6000));
    expect(Array.from(labels.data.slice(0, 12))).toEqual(trainLabels);
  });

  it("loads fashion-mnist:2000 as a reproducible subset of the train split in [0, 1]", async () => {
    const a = await loadData(`fashion-mnist:${fashionDir}:2000`);
    const b = await loadData(`fashion-mnist:${fashionDir}:2000`);
    expect([a.X.rows, a.X.cols]).toEqual([2000, 784]);
    expect(a.provenance).toMatchObject({split: "train", subset: 2000, dataSeed: 112, imageShape: [28, 28, 1]});
    expect(b.provenance.hash).toBe(a.provenance.hash);
    expect(a.provenance.hash).toBe("87346b71d8cc6f22");
  });

  it("reads the test split in file order and refuses more rows than there are", async () => {
    const test = await loadData(`fashion-mnist:${fashionDir}`, {split: "test"});
    expect([test.X.rows, test.provenance.split]).toEqual([10000, "test"]);
    expect(Array.from(test.labels!.slice(0, 6))).toEqual(testLabels);
    await expect(loadData(`fashion-mnist:${fashionDir}:70001`, {split: "all"})).rejects.toThrow(
      /asks for 70001 rows but the dataset has 70000/
    );
  });
});

describe("IDX parser on small files", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  it("parses a valid ubyte array", () => {
    const parsed = parseIdx(idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), "ok", 3);
    expect(parsed.dims).toEqual([2, 2, 3]);
    expect(Array.from(parsed.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("rejects a bad magic number, wrong dimensions, truncated data, extra data and non-ubyte types", () => {
    const bad = idx([1, 2, 2], [1, 2, 3, 4]);
    bad[0] = 0x1f;
    expect(() => parseIdx(bad, "x.idx")).toThrow(/invalid idx file: "x.idx" \(bad magic number 0x1f000803/);
    expect(() => parseIdx(idx([4], [1, 2, 3, 4]), "labels", 3)).toThrow(
      /wrong dimensions: 1 dimensions in the header, expected 3/
    );
    expect(() => parseIdx(idx([2, 2, 2], [1, 2, 3]), "t")).toThrow(
      /truncated data: 2 x 2 x 2 needs 8 bytes after the header, found 3/
    );
    expect(() => parseIdx(idx([1, 2, 2], [1, 2, 3, 4, 5]), "e")).toThrow(
      /wrong dimensions: 1 x 2 x 2 needs 4 bytes after the header, found 5/
    );
    expect(() => parseIdx(idx([2, 0, 2], []), "z")).toThrow(/has a zero size/);
    expect(() => parseIdx(idx([1], [0, 0, 0, 0], 13), "f")).toThrow(/element type float \(0xd\) is not supported/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), "h")).toThrow(/truncated: 6 bytes, the header needs 16/);
  });

  it("reads gzipped files by their magic bytes and names a corrupt gzip", async () => {
    const images = idx([3, 2, 2], [0, 51, 102, 153, 204, 255, 0, 0, 255, 255, 0, 0]);
    await writeFile(join(dir, "plain.idx"), images);
    await writeFile(join(dir, "zipped.gz"), gzipSync(images));
    expect((await readIdxFile(join(dir, "zipped.gz"), 3)).dims).toEqual([3, 2, 2]);
    expect((await readIdxFile(join(dir, "plain.idx"), 3)).dims).toEqual([3, 2, 2]);
    const corrupt = gzipSync(images);
    corrupt.fill(0x55, 12, corrupt.length - 8);
    await writeFile(join(dir, "corrupt.gz"), corrupt);
    await expect(readIdxFile(join(dir, "corrupt.gz"))).rejects.toThrow(
      /invalid idx file: ".*corrupt.gz" \(corrupt gzip: /
    );
    const cut = gzipSync(images).subarray(0, 20);
    await writeFile(join(dir, "cut.gz"), cut);
    await expect(readIdxFile(join(dir, "cut.gz"))).rejects.toThrow(/corrupt gzip/);
    await expect(readIdxFile(join(dir, "absent.gz"))).rejects.toThrow(/no such file/);
  });

  it("loads an IDX folder (mnist-idx:DIR), scales to [0, 1], and checks the files agree", async () => {
    const folder = join(dir, "mnist");
    await mkdir(folder);
    await writeFile(
      join(folder, "train-images-idx3-ubyte.gz"),
      gzipSync(idx([3, 2, 2], [0, 51, 102, 153, 204, 255, 0, 0, 255, 255, 0, 0]))
    );
    await writeFile(join(folder, "train-labels-idx1-ubyte"), idx([3], [7, 1, 4]));
    await writeFile(join(folder, "t10k-images.idx3-ubyte"), idx([1, 2, 2], [255, 255, 255, 255]));
    await writeFile(join(folder, "t10k-labels.idx1-ubyte"), idx([1], [9]));
    const train = await loadData(`mnist-idx:${folder}`);
    expect([train.X.rows, train.X.cols]).toEqual([3, 4]);
    expect(Array.from(train.X.data.slice(0, 6))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map(Math.fround));
    expect(Array.from(train.labels!)).toEqual([7, 1, 4]);
    expect(train.provenance).toMatchObject({split: "train", imageShape: [2, 2, 1], m: 3, n: 4, density: 7 / 12});
    const all = await loadData(`mnist-idx:${folder}`, {split: "all"});
    expect(Array.from(all.labels!)).toEqual([7, 1, 4, 9]);
    const sub = await loadData(`mnist-idx:${folder}:2`, {split: "all", dataSeed: 3});
    expect(sub.provenance).toMatchObject({subset: 2, dataSeed: 3, m: 2});

    await writeFile(join(folder, "t10k-labels.idx1-ubyte"), idx([2], [9, 9]));
    await expect(loadData(`mnist-idx:${folder}`, {split: "test"})).rejects.toThrow(
      /wrong dimensions: 2 labels for 1 images/
    );
    await writeFile(join(folder, "t10k-labels.idx1-ubyte"), idx([1], [9]));
    await writeFile(join(folder, "t10k-images.idx3-ubyte"), idx([1, 1, 4], [1, 2, 3, 4]));
    await expect(loadData(`mnist-idx:${folder}`, {split: "all"})).rejects.toThrow(
      /wrong dimensions: 1 x 4 images, the train files have 2 x 2/
    );
  });

  it("names a missing folder and missing files", async () => {
    await expect(loadData(`mnist-idx:${join(dir, "nowhere")}`)).rejects.toThrow(
      /invalid data folder: ".*nowhere" \(no such folder\)/
    );
    const empty = join(dir, "empty");
    await mkdir(empty);
    await expect(loadData(`fashion-mnist:${empty}`)).rejects.toThrow(
      /has no train-images-idx3-ubyte or train-images-idx3-ubyte.gz/
    );
  });
});
