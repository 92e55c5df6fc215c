import {describe, expect, it} from "vitest";
import {loadData, parseDataSpec} from "../../datasets/index.js";

describe("the embedded Fashion-MNIST (fashion[:N])", () => {
  it("parses as its own kind, with a subset size only", () => {
    expect(parseDataSpec("fashion:2000")).toEqual({kind: "fashion", count: 2000, text: "fashion:2000"});
    expect(parseDataSpec("fashion-mnist:2000").kind).toBe("fashion-mnist");
    expect(() => parseDataSpec("fashion:somewhere")).toThrow(/takes only a subset size, fashion:N/);
  });

  it("loads the 10,000 test images with their labels, every class 1,000 times", async () => {
    const {X, labels, provenance} = await loadData("fashion");
    expect([X.rows, X.cols]).toEqual([10000, 784]);
    expect(provenance.imageShape).toEqual([28, 28, 1]);
    expect(provenance.split).toBe("test");
    const counts = new Array(10).fill(0);
    for (const label of labels!) counts[label] += 1;
    expect(counts).toEqual(new Array(10).fill(1000));
    let max = 0;
    for (const v of X.data) max = Math.max(max, v);
    expect(max).toBe(1);
  });

  it("takes a seeded subset: the same seed gives the same rows, another seed other rows", async () => {
    const a = await loadData("fashion:300", {dataSeed: 112});
    const b = await loadData("fashion:300", {dataSeed: 112});
    const c = await loadData("fashion:300", {dataSeed: 113});
    expect(a.provenance.hash).toBe(b.provenance.hash);
    expect(c.provenance.hash).not.toBe(a.provenance.hash);
    expect(a.provenance).toMatchObject({subset: 300, dataSeed: 112, m: 300});
  });

  it("refuses a split other than test", async () => {
    await expect(loadData("fashion:10", {split: "train"})).rejects.toThrow(/embedded fashion is the test split/);
  });
});
