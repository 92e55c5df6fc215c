import {mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {matrix} from "../../engine/matrix.js";
import {readMatrixFile, writeMatrixFile} from "../../io/matrixFile.js";
import {formatNpy} from "../../io/npy.js";

describe("readMatrixFile and writeMatrixFile", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-matrix-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  const X = matrix(2, 3, [0, 1, 2, 250, 0.5, 1e-3]);
  const integers = matrix(2, 2, [0, 1, 254, 255]);

  it("round-trips .npy in each dtype and .csv", async () => {
    for (const dtype of ["float32", "float64"] as const) {
      const path = join(folder, `x-${dtype}.npy`);
      await writeMatrixFile(path, X, dtype);
      expect(await readMatrixFile(path)).toEqual(X);
    }
    await writeMatrixFile(join(folder, "x-uint8.npy"), integers, "uint8");
    expect(await readMatrixFile(join(folder, "x-uint8.npy"))).toEqual(integers);
    await writeMatrixFile(join(folder, "x.csv"), X);
    expect(await readMatrixFile(join(folder, "x.csv"))).toEqual(X);
  });

  it("refuses to store non-integers as uint8 and writes nothing", async () => {
    await expect(writeMatrixFile(join(folder, "bad-uint8.npy"), X, "uint8")).rejects.toThrow(
      /cannot store 0.5 at row 2, column 2 as uint8/
    );
    expect(await readdir(folder)).not.toContain("bad-uint8.npy");
  });

  it("rejects other extensions, files that are not 2-D, empty matrices and non-finite values", async () => {
    await expect(readMatrixFile(join(folder, "x.txt"))).rejects.toThrow(/unknown extension ".txt"/);
    const write = async (name: string, bytes: Uint8Array | string) => {
      await writeFile(join(folder, name), bytes);
      return readMatrixFile(join(folder, name));
    };
    await expect(write("one.npy", formatNpy(new Float32Array(3), [3]))).rejects.toThrow(/not 2-D: shape \(3\)/);
    await expect(write("three.npy", formatNpy(new Float32Array(8), [2, 2, 2]))).rejects.toThrow(/not 2-D/);
    await expect(write("empty.npy", formatNpy(new Float32Array(0), [0, 3]))).rejects.toThrow(/no data: .* 0 x 3/);
    await expect(write("header-only.csv", "a,b\n")).rejects.toThrow(/no data: .* 0 x 2/);
    await expect(write("nan.npy", formatNpy(new Float32Array([1, 2, NaN, 4]), [2, 2]))).rejects.toThrow(
      /bad value at row 2, column 1: NaN is not finite/
    );
    await expect(write("big.npy", formatNpy(new Float64Array([1, 1e300]), [1, 2]))).rejects.toThrow(
      /row 1, column 2: 1e\+300 overflows float32/
    );
  });

  it("names a missing file", async () => {
    const path = join(folder, "nope.csv");
    await expect(readMatrixFile(path)).rejects.toThrow(`invalid file: ${JSON.stringify(path)} (no such file)`);
  });
});
