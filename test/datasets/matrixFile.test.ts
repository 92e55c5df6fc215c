import {writeFile} from "node:fs/promises";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {loadData} from "../../datasets/index.js";
import {formatNpy} from "../../io/npy.js";
import {tempDir} from "./tempDir.js";

describe("matrix files as data", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir("nmf-matrix-data-");
  });

  it("names the file and the 1-based row and column of a negative value, as in the file", async () => {
    const csv = join(dir, "neg.csv");
    await writeFile(csv, "1,2,3\n4,-5,6\n");
    const message =
      /^invalid file: ".*neg\.csv" \(negative value -5 at row 2, column 2: NMF needs non-negative data\)$/;
    await expect(loadData(csv)).rejects.toThrow(message);
    // A subset that does not even contain that row: the row is still the file's.
    await expect(loadData(`${csv}:1`)).rejects.toThrow(message);
    const withHeader = join(dir, "header.csv");
    await writeFile(withHeader, "a,b\n1,2\n3,4\n0,-0.5\n");
    await expect(loadData(withHeader)).rejects.toThrow(/negative value -0\.5 at row 3, column 2 \(line 4\)/);
    const npy = join(dir, "neg.npy");
    await writeFile(npy, formatNpy(Float32Array.of(1, 2, 3, 4, 5, -6), [3, 2]));
    await expect(loadData(npy)).rejects.toThrow(/"\S*neg\.npy" \(negative value -6 at row 3, column 2:/);
  });

  it("refuses --size and --resize for data that is not decoded from images", async () => {
    const csv = join(dir, "ok.csv");
    await writeFile(csv, "1,2\n3,4\n");
    await expect(loadData(csv, {size: 8})).rejects.toThrow(
      /^invalid size: 8 \(only images are decoded at a size: a matrix file's rows are used as they are\)$/
    );
    await expect(loadData("mnist:10", {resize: "crop"})).rejects.toThrow(
      /^invalid resize: "crop" \(only images are decoded at a size: mnist has 28 x 28 images\)$/
    );
  });
});
