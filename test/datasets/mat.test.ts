import {writeFile} from "node:fs/promises";
import {join} from "node:path";
import {deflateSync} from "node:zlib";
import {beforeAll, describe, expect, it} from "vitest";
import {parseMat, readMatFile} from "../../datasets/mat.js";
import {describeRealData, fixtures} from "../helpers/realData.js";
import {tempDir} from "./tempDir.js";

describe("MATLAB v5 reader on files written by scipy.io.savemat (the Flowers102 fixture)", () => {
  it("reads imagelabels.mat (compressed): labels, a 1 x 9 double array", async () => {
    const mat = await readMatFile(join(fixtures.flowers102, "imagelabels.mat"));
    expect([...mat.arrays.keys()]).toEqual(["labels"]);
    const labels = mat.arrays.get("labels")!;
    expect(labels).toMatchObject({className: "double", dims: [1, 9]});
    expect(Array.from(labels.data)).toEqual([3, 1, 2, 3, 1, 2, 3, 1, 2]);
  });

  it("reads setid.mat (uncompressed): trnid, valid and tstid", async () => {
    const mat = await readMatFile(join(fixtures.flowers102, "setid.mat"));
    expect([...mat.arrays.keys()].sort()).toEqual(["trnid", "tstid", "valid"]);
    expect(["trnid", "valid", "tstid"].map((k) => Array.from(mat.arrays.get(k)!.data))).toEqual([
      [6, 1, 8],
      [2, 4, 9],
      [3, 5, 7]
    ]);
  });
});

describeRealData("Flowers102", "the MATLAB v5 files of the dataset", (flowersDir) => {
  it("reads imagelabels.mat: 8,189 labels in 1..102, image 1 is class 77", async () => {
    const mat = await readMatFile(join(flowersDir, "imagelabels.mat"));
    const labels = mat.arrays.get("labels")!;
    expect(labels).toMatchObject({className: "double", dims: [1, 8189]});
    expect(labels.data[0]).toBe(77);
    expect(Math.min(...labels.data)).toBe(1);
    expect(Math.max(...labels.data)).toBe(102);
    // Flowers102 has 40 to 258 images per class.
    const counts = new Array(103).fill(0);
    for (const l of labels.data) counts[l]++;
    expect(Math.min(...counts.slice(1))).toBe(40);
    expect(Math.max(...counts.slice(1))).toBe(258);
  });

  it("reads setid.mat: trnid and valid of 1,020 ids, tstid of 6,149, together every image once", async () => {
    const mat = await readMatFile(join(flowersDir, "setid.mat"));
    expect([...mat.arrays.keys()].sort()).toEqual(["trnid", "tstid", "valid"]);
    const sizes = ["trnid", "valid", "tstid"].map((k) => mat.arrays.get(k)!.data.length);
    expect(sizes).toEqual([1020, 1020, 6149]);
    const all = new Set(["trnid", "valid", "tstid"].flatMap((k) => Array.from(mat.arrays.get(k)!.data)));
    expect(all.size).toBe(8189);
    expect(Math.min(...all)).toBe(1);
    expect(Math.max(...all)).toBe(8189);
  });
});

/** A MAT-file written by hand: 128-byte header, then miMATRIX elements (optionally compressed). */
function matFile(
  arrays: {name: string; classCode: number; dims: number[]; type: number; bytes: Uint8Array}[],
  {little = true, compress = false} = {}
): Uint8Array {
  const u32 = (values: number[]) => {
    const b = new Uint8Array(values.length * 4);
    const v = new DataView(b.buffer);
    values.forEach((x, k) => v.setUint32(k * 4, x >>> 0, little));
    return b;
  };
  const element = (type: number, data: Uint8Array): Uint8Array => {
    if (data.length <= 4) {
      // Small data element: count in the upper 16 bits of the first word.
      const out = new Uint8Array(8);
      out.set(u32([(data.length << 16) | type]));
      out.set(data, 4);
      return out;
    }
    const padded = (data.length + 7) & ~7;
    const out = new Uint8Array(8 + padded);
    out.set(u32([type, data.length]));
    out.set(data, 8);
    return out;
  };
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) (out.set(p, o), (o += p.length));
    return out;
  };
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode("MATLAB 5.0 MAT-file, written by a test"));
  header.set(little ? [0x00, 0x01, 0x49, 0x4d] : [0x01, 0x00, 0x4d, 0x49], 124);
  const body = arrays.map((a) => {
    const matrix = concat([
      element(6, u32([a.classCode, 0])),
      element(5, u32(a.dims)),
      element(1, new TextEncoder().encode(a.name)),
      element(a.type, a.bytes)
    ]);
    const whole = concat([u32([14, matrix.length]), matrix]);
    return compress ? concat([u32([15, deflateSync(whole).length]), deflateSync(whole)]) : whole;
  });
  return concat([header, ...body]);
}

describe("MATLAB v5 reader on written files", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await tempDir();
  });

  const doubles = (values: number[], little = true) => {
    const b = new Uint8Array(values.length * 8);
    values.forEach((x, k) => new DataView(b.buffer).setFloat64(k * 8, x, little));
    return b;
  };

  it("reads doubles, uint8 stored in a small element, compressed and big-endian files", () => {
    for (const little of [true, false])
      for (const compress of [false, true]) {
        const bytes = matFile(
          [
            {name: "ids", classCode: 6, dims: [1, 3], type: 9, bytes: doubles([3, 1, 2], little)},
            {name: "small", classCode: 6, dims: [2, 1], type: 2, bytes: Uint8Array.from([7, 250])},
            {
              name: "u16",
              classCode: 11,
              dims: [1, 3],
              type: 4,
              bytes: Uint8Array.from(little ? [1, 0, 0, 1, 255, 255] : [0, 1, 1, 0, 255, 255])
            }
          ],
          {little, compress}
        );
        const mat = parseMat(bytes, "written.mat");
        expect(Array.from(mat.arrays.get("ids")!.data)).toEqual([3, 1, 2]);
        expect(mat.arrays.get("small")).toMatchObject({className: "double", dims: [2, 1]});
        expect(Array.from(mat.arrays.get("small")!.data)).toEqual([7, 250]);
        expect(Array.from(mat.arrays.get("u16")!.data)).toEqual([1, 256, 65535]);
        expect(mat.arrays.get("u16")!.className).toBe("uint16");
      }
  });

  it("lists arrays of classes it does not convert", () => {
    const mat = parseMat(
      matFile([{name: "s", classCode: 4, dims: [1, 2], type: 4, bytes: Uint8Array.from([104, 0, 105, 0])}])
    );
    expect(mat.skipped).toEqual([{name: "s", className: "char"}]);
    expect(mat.arrays.size).toBe(0);
  });

  it("rejects a file that is not MATLAB v5, a v7.3 file, a truncated file and a corrupt compressed element", async () => {
    const text = join(dir, "notes.mat");
    await writeFile(text, "this is not a MAT-file at all, only some text ".repeat(4));
    await expect(readMatFile(text)).rejects.toThrow(
      /invalid mat file: ".*notes.mat" \(not a MATLAB v5 file \(header starts "this is not a MAT-file a"\)\)/
    );
    await expect(readMatFile(join(dir, "absent.mat"))).rejects.toThrow(/no such file/);
    expect(() => parseMat(new Uint8Array(40), "short.mat")).toThrow(
      /not a MATLAB v5 file \(40 bytes, shorter than the 128-byte header\)/
    );
    const v73 = new Uint8Array(512).fill(0x20);
    v73.set(new TextEncoder().encode("MATLAB 7.3 MAT-file, Platform: GLNXA64"));
    expect(() => parseMat(v73, "h5.mat")).toThrow(/MATLAB 7.3 files are HDF5/);
    const whole = matFile([{name: "ids", classCode: 6, dims: [1, 3], type: 9, bytes: doubles([3, 1, 2])}]);
    expect(() => parseMat(whole.subarray(0, whole.length - 10), "cut.mat")).toThrow(/truncated/);
    const packed = matFile([{name: "ids", classCode: 6, dims: [1, 3], type: 9, bytes: doubles([3, 1, 2])}], {
      compress: true
    });
    packed.fill(0, 140, 150);
    expect(() => parseMat(packed, "bad.mat")).toThrow(/corrupt compressed element at byte 128/);
    const mismatched = matFile([{name: "ids", classCode: 6, dims: [2, 3], type: 9, bytes: doubles([3, 1, 2])}]);
    expect(() => parseMat(mismatched, "dims.mat")).toThrow(/array ids has 3 values for dimensions 2x3/);
  });
});
