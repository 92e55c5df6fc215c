import {mkdir, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {afterEach, beforeAll, describe, expect, it} from "vitest";
import {dataDir, findDataset, loadData, parseDataSpec, resolveDataSpec} from "../../datasets/index.js";
import {tempDir} from "./tempDir.js";

describe("parseDataSpec", () => {
  it("reads every form of the grammar", () => {
    expect(parseDataSpec("mnist")).toEqual({kind: "mnist", text: "mnist"});
    expect(parseDataSpec("mnist:2000")).toEqual({kind: "mnist", count: 2000, text: "mnist:2000"});
    expect(parseDataSpec("fashion-mnist:2000")).toEqual({
      kind: "fashion-mnist",
      count: 2000,
      text: "fashion-mnist:2000"
    });
    expect(parseDataSpec("fashion-mnist:/a/b:50")).toMatchObject({kind: "fashion-mnist", path: "/a/b", count: 50});
    expect(parseDataSpec("fashion-mnist:./2000")).toEqual({
      kind: "fashion-mnist",
      path: "./2000",
      text: "fashion-mnist:./2000"
    });
    expect(parseDataSpec("mnist-idx:data/mnist")).toMatchObject({kind: "mnist-idx", path: "data/mnist"});
    expect(parseDataSpec("flowers102:../shared/data/flowers102")).toMatchObject({
      kind: "flowers102",
      path: "../shared/data/flowers102"
    });
    expect(parseDataSpec("images:e5")).toMatchObject({kind: "images", path: "e5"});
    expect(parseDataSpec("images:pics:10")).toMatchObject({kind: "images", path: "pics", count: 10});
    expect(parseDataSpec("x/y.npy")).toMatchObject({kind: "file", path: "x/y.npy"});
    expect(parseDataSpec("x/y.CSV:7")).toMatchObject({kind: "file", path: "x/y.CSV", count: 7});
  });

  it("rejects unknown sources, bad counts and missing folders with one-line errors", () => {
    expect(() => parseDataSpec("cifar10")).toThrow(/^invalid data: "cifar10" \(expected mnist\[:N\]/);
    expect(() => parseDataSpec("")).toThrow(/invalid data: ""/);
    expect(() => parseDataSpec("mnist:abc")).toThrow(/the embedded mnist takes only a subset size/);
    expect(() => parseDataSpec("mnist:0")).toThrow(/subset size "0" must be a positive integer/);
    expect(() => parseDataSpec("fashion-mnist:1e3")).toThrow(/subset size "1e3" must be a positive integer/);
    expect(() => parseDataSpec("images")).toThrow(/images needs a folder/);
    expect(() => parseDataSpec("images:")).toThrow(/empty folder after images:/);
    for (const spec of ["mnist:-1", "mnist:2.5", "mnist:99999999999999999999"])
      expect(() => parseDataSpec(spec)).toThrow(/must be a positive integer/);
  });
});

describe("data locations", () => {
  const saved = {...process.env};
  afterEach(() => {
    for (const k of ["NMF_DATA_DIR", "NMF_MNIST_DIR", "NMF_FASHION_MNIST_DIR", "NMF_FLOWERS102_DIR"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  it("finds datasets through NMF_DATA_DIR and the per-dataset variables", async () => {
    process.env.NMF_DATA_DIR = dir;
    delete process.env.NMF_FLOWERS102_DIR;
    delete process.env.NMF_MNIST_DIR;
    expect(dataDir()).toBe(dir);
    expect(findDataset("flowers102")).toBeUndefined();
    expect(resolveDataSpec("flowers102")).toBeUndefined();
    expect(resolveDataSpec("mnist", 2000)).toBe("mnist:2000");
    await mkdir(join(dir, "flowers102", "jpg"), {recursive: true});
    expect(findDataset("flowers102")).toBe(join(dir, "flowers102"));
    expect(resolveDataSpec("flowers102", 50)).toBe(`flowers102:${join(dir, "flowers102")}:50`);
    await mkdir(join(dir, "mnist"));
    expect(findDataset("mnist")).toBeUndefined();
    await writeFile(join(dir, "mnist", "train-images-idx3-ubyte.gz"), "");
    expect(resolveDataSpec("mnist")).toBe(`mnist-idx:${join(dir, "mnist")}`);
    process.env.NMF_FLOWERS102_DIR = join(dir, "elsewhere");
    expect(() => findDataset("flowers102")).toThrow(/invalid NMF_FLOWERS102_DIR: ".*elsewhere" \(no such folder\)/);
    process.env.NMF_FLOWERS102_DIR = dir;
    expect(findDataset("flowers102")).toBe(dir);
  });

  it("says how to get a dataset that is not there", async () => {
    process.env.NMF_DATA_DIR = join(dir, "none");
    delete process.env.NMF_MNIST_DIR;
    await expect(loadData("mnist-idx:100")).rejects.toThrow(
      /no mnist folder found in .*none: run `npx nmf fetch mnist` or give mnist-idx:DIR/
    );
  });
});

describe(".npy and .csv files", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  it("loads a csv matrix with provenance, and seeded row subsets", async () => {
    const path = join(dir, "m.csv");
    await writeFile(path, "0,1,2\n3,0,5\n6,7,0\n9,10,11\n");
    const d = await loadData(path);
    expect([d.X.rows, d.X.cols]).toEqual([4, 3]);
    expect(d.provenance).toMatchObject({m: 4, n: 3, valueRange: [0, 11], density: 9 / 12});
    expect(d.provenance.imageShape).toBeUndefined();
    const s = await loadData(`${path}:2`, {dataSeed: 5});
    expect(s.provenance).toMatchObject({subset: 2, dataSeed: 5, m: 2});
    await expect(loadData(`${path}:5`)).rejects.toThrow(/asks for 5 rows but the dataset has 4/);
    await expect(loadData(join(dir, "absent.npy"))).rejects.toThrow(/absent.npy/);
  });
});
