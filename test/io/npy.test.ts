import {mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {formatNpy, parseNpy, readNpy, writeNpy} from "../../io/npy.js";

// Files written by numpy 1.24 (np.save), base64: the format as numpy writes it, not as we think it is.
const numpy = {
  float32:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACAPwAAAEAAAEBAAACAQAAAqMA=",
  float64BigEndian:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/uZmZmZmZmkAAAAAAAAAAQAgAAAAAAAB+N+Q8iAB1nA==",
  uint8:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA/wcI",
  fortran:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AABAQAAAAEAAAIBA",
  int64:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAAAAAAAAIAAAAAAAAA",
  version2:
    "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMSwgMiksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAQA==",
  oneDimensional:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AAAAQA=="
};
const bytes = (name: keyof typeof numpy) => new Uint8Array(Buffer.from(numpy[name], "base64"));

/** A .npy file with a hand-written header, padded as numpy pads it. */
function withHeader(dict: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const header = dict + " ".repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  out.set(data, 10 + header.length);
  return out;
}

describe("parseNpy", () => {
  it("reads numpy's float32, big-endian float64, uint8, version 2 and 1-D files", () => {
    expect(parseNpy(bytes("float32"))).toEqual({
      dtype: "float32",
      shape: [2, 3],
      data: new Float32Array([0.5, 1, 2, 3, 4, -5.25])
    });
    expect(parseNpy(bytes("float64BigEndian"))).toEqual({
      dtype: "float64",
      shape: [2, 2],
      data: new Float64Array([0.1, 2, 3, 1e300])
    });
    expect(parseNpy(bytes("uint8"))).toEqual({dtype: "uint8", shape: [2, 2], data: new Uint8Array([0, 255, 7, 8])});
    expect(parseNpy(bytes("version2"))).toEqual({dtype: "float32", shape: [1, 2], data: new Float32Array([1.5, 2])});
    expect(parseNpy(bytes("oneDimensional")).shape).toEqual([2]);
  });

  it("reads data at an unaligned offset in memory", () => {
    const file = bytes("float32");
    const shifted = new Uint8Array(file.length + 1);
    shifted.set(file, 1);
    expect(parseNpy(shifted.subarray(1)).data).toEqual(new Float32Array([0.5, 1, 2, 3, 4, -5.25]));
  });

  it("rejects an empty file", () => {
    expect(() => parseNpy(new Uint8Array(0), "x.npy")).toThrow('invalid file: "x.npy" (empty file)');
  });

  it("rejects bad magic", () => {
    expect(() => parseNpy(new TextEncoder().encode("1,2,3\n"), "x.npy")).toThrow(/"x\.npy" \(bad magic/);
  });

  it("rejects a truncated header", () => {
    expect(() => parseNpy(bytes("float32").subarray(0, 8), "x.npy")).toThrow(/truncated header/);
    expect(() => parseNpy(bytes("float32").subarray(0, 60), "x.npy")).toThrow(/truncated header/);
  });

  it("rejects bad headers", () => {
    const bad = [
      "{'descr': '<f4', 'fortran_order': False}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}",
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} trailing",
      "not a dict",
      "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}"
    ];
    for (const dict of bad) expect(() => parseNpy(withHeader(dict), "x.npy"), dict).toThrow(/"x\.npy" \(bad header/);
  });

  it("rejects an unsupported dtype, naming it", () => {
    expect(() => parseNpy(bytes("int64"), "x.npy")).toThrow(/unsupported dtype '<i8'/);
  });

  it("rejects fortran order", () => {
    expect(() => parseNpy(bytes("fortran"), "x.npy")).toThrow(/fortran order/);
  });

  it("rejects truncated data and data longer than the shape", () => {
    const file = bytes("float32");
    expect(() => parseNpy(file.subarray(0, file.length - 1), "x.npy")).toThrow(
      /truncated data: header says shape \(2, 3\) of float32, 24 bytes of data, the file has 23/
    );
    const longer = new Uint8Array(file.length + 4);
    longer.set(file);
    expect(() => parseNpy(longer, "x.npy")).toThrow(/shape mismatch: .* the file has 28/);
  });
});

describe("formatNpy", () => {
  it("writes the bytes numpy writes", () => {
    expect(formatNpy(new Float32Array([0.5, 1, 2, 3, 4, -5.25]), [2, 3])).toEqual(bytes("float32"));
    expect(formatNpy(new Uint8Array([0, 255, 7, 8]), [2, 2])).toEqual(bytes("uint8"));
  });

  it("aligns the data to 64 bytes", () => {
    for (const shape of [[1, 1], [123456, 1], [0, 7], [3]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      const file = formatNpy(new Float64Array(count), shape);
      expect((file.length - count * 8) % 64).toBe(0);
    }
  });

  it("round-trips each dtype", () => {
    const arrays = [
      new Float32Array([0, 1.5, -2, 3.25e-8, 1e30, 7]),
      new Float64Array([0.1, -0.2, 1e-300, 1e300, 5, 6]),
      new Uint8Array([0, 1, 2, 253, 254, 255])
    ];
    for (const data of arrays) {
      const parsed = parseNpy(formatNpy(data, [3, 2]));
      expect(parsed.shape).toEqual([3, 2]);
      expect(parsed.data).toEqual(data);
      expect(parsed.data.constructor).toBe(data.constructor);
    }
  });

  it("rejects a shape that does not match the data", () => {
    expect(() => formatNpy(new Float32Array(5), [2, 3])).toThrow(/holds 6 values, the data has 5/);
  });
});

describe("readNpy and writeNpy", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-npy-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("round-trips through a file and leaves no temporary file", async () => {
    const path = join(folder, "a.npy");
    await writeNpy(path, new Float32Array([1, 2, 3, 4]), [2, 2]);
    expect(await readNpy(path)).toEqual({dtype: "float32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4])});
    expect(await readdir(folder)).toEqual(["a.npy"]);
  });

  it("names a missing file", async () => {
    await expect(readNpy(join(folder, "missing.npy"))).rejects.toThrow(/missing\.npy" \(no such file\)/);
  });

  it("names the file in errors", async () => {
    const path = join(folder, "bad.npy");
    await writeFile(path, "hello");
    await expect(readNpy(path)).rejects.toThrow(`invalid file: ${JSON.stringify(path)} (bad magic`);
  });
});
