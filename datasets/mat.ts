import {readFile} from "node:fs/promises";
import {inflateSync} from "node:zlib";
import {InputError} from "../engine/index.js";

/**
 * A small reader for MATLAB level 5 MAT-files ("MATLAB 5.0 MAT-file", the format of `save -v6`/`-v7`),
 * enough for numeric arrays such as Flowers102's `imagelabels.mat` and `setid.mat`.
 *
 * Format: MathWorks, "MAT-File Format" (matfile_format.pdf), chapter 1: a 128-byte header (116 bytes
 * of text, 8 bytes of subsystem offset, version 0x0100, endian indicator "IM" or "MI"), then data
 * elements, each an 8-byte tag (type, byte count) or a 4-byte "small element" tag, padded to 8 bytes.
 * Top-level elements are miMATRIX (14) or miCOMPRESSED (15, zlib deflate of one element).
 *
 * Why not a library: `mat-for-js` (the one npm package for this) is GPL-3.0, which this MIT project
 * cannot take in, and has a single release. Struct, cell, sparse, char and object arrays are skipped
 * (listed in `skipped`); complex arrays keep their real part only.
 */
export interface MatArray {
  name: string;
  /** MATLAB class, e.g. "double", "uint8". */
  className: string;
  /** Dimensions as MATLAB gives them, e.g. [1, 8189]. */
  dims: number[];
  /** Values in MATLAB's column-major order, converted to float64. */
  data: Float64Array;
}

export interface MatFile {
  header: string;
  arrays: Map<string, MatArray>;
  /** Variables of classes this reader does not convert, by name and class. */
  skipped: {name: string; className: string}[];
}

const miINT8 = 1,
  miUINT8 = 2,
  miINT16 = 3,
  miUINT16 = 4,
  miINT32 = 5,
  miUINT32 = 6,
  miSINGLE = 7,
  miDOUBLE = 9,
  miINT64 = 12,
  miUINT64 = 13,
  miMATRIX = 14,
  miCOMPRESSED = 15;

/** mxCLASS codes (array flags, low byte) to names; 6..15 are the numeric classes. */
const classNames: Record<number, string> = {
  1: "cell",
  2: "struct",
  3: "object",
  4: "char",
  5: "sparse",
  6: "double",
  7: "single",
  8: "int8",
  9: "uint8",
  10: "int16",
  11: "uint16",
  12: "int32",
  13: "uint32",
  14: "int64",
  15: "uint64"
};

export async function readMatFile(path: string): Promise<MatFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(
      "mat file",
      path,
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error)
    );
  }
  return parseMat(bytes, path);
}

/** Parse the bytes of a MAT-file; `name` is used in error messages. */
export function parseMat(bytes: Uint8Array, name = "mat file"): MatFile {
  const fail = (reason: string): never => {
    throw new InputError("mat file", name, reason);
  };
  if (bytes.length < 128) fail(`not a MATLAB v5 file (${bytes.length} bytes, shorter than the 128-byte header)`);
  const header = new TextDecoder("latin1").decode(bytes.subarray(0, 116)).trimEnd();
  if (header.startsWith("MATLAB 7.3")) fail("MATLAB 7.3 files are HDF5, not MATLAB v5; save with -v7 or -v6");
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (!header.startsWith("MATLAB 5.0 MAT-file") || (endian !== "IM" && endian !== "MI"))
    fail(`not a MATLAB v5 file (header starts ${JSON.stringify(header.slice(0, 24))})`);
  const little = endian === "IM";
  const out: MatFile = {header, arrays: new Map(), skipped: []};
  let offset = 128;
  while (offset + 8 <= bytes.length) {
    const tag = readTag(bytes, offset, little, fail);
    const end = tag.dataOffset + tag.size;
    if (end > bytes.length)
      fail(`truncated: element at byte ${offset} needs ${tag.size} bytes, ${bytes.length - tag.dataOffset} left`);
    let element = bytes.subarray(tag.dataOffset, end);
    let type = tag.type;
    if (type === miCOMPRESSED) {
      try {
        element = inflateSync(element);
      } catch (error) {
        fail(`corrupt compressed element at byte ${offset}: ${(error as Error).message}`);
      }
      const inner = readTag(element, 0, little, fail);
      type = inner.type;
      element = element.subarray(inner.dataOffset, inner.dataOffset + inner.size);
    }
    if (type === miMATRIX) readMatrix(element, little, fail, out);
    // Compressed elements are not padded; others end on an 8-byte boundary.
    offset = tag.type === miCOMPRESSED ? end : tag.dataOffset + pad8(tag.size);
  }
  return out;
}

interface Tag {
  type: number;
  size: number;
  dataOffset: number;
}

function readTag(bytes: Uint8Array, offset: number, little: boolean, fail: (r: string) => never): Tag {
  if (offset + 8 > bytes.length) fail(`truncated: no room for an element tag at byte ${offset}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 8);
  const first = view.getUint32(0, little);
  // Small data element: byte count in the upper 16 bits, data in the tag's last 4 bytes.
  if (first >>> 16 !== 0) return {type: first & 0xffff, size: first >>> 16, dataOffset: offset + 4};
  return {type: first, size: view.getUint32(4, little), dataOffset: offset + 8};
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** The subelements of one miMATRIX: flags, dimensions, name, real part (then imaginary, ignored). */
function readMatrix(bytes: Uint8Array, little: boolean, fail: (r: string) => never, out: MatFile): void {
  const parts: {type: number; data: Uint8Array}[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.length && parts.length < 4) {
    const tag = readTag(bytes, offset, little, fail);
    if (tag.dataOffset + tag.size > bytes.length) fail(`truncated array element at byte ${offset}`);
    parts.push({type: tag.type, data: bytes.subarray(tag.dataOffset, tag.dataOffset + tag.size)});
    // Small elements occupy exactly 8 bytes with their tag.
    offset = tag.dataOffset === offset + 4 ? offset + 8 : tag.dataOffset + pad8(tag.size);
  }
  if (parts.length < 3) fail("array element without flags, dimensions and name");
  const classCode = toNumbers(parts[0], little, fail)[0] & 0xff;
  const className = classNames[classCode] ?? `class ${classCode}`;
  const dims = Array.from(toNumbers(parts[1], little, fail));
  const name = new TextDecoder("latin1").decode(parts[2].data);
  if (classCode < 6 || classCode > 15) {
    out.skipped.push({name, className});
    return;
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const data =
    count === 0
      ? new Float64Array(0)
      : parts[3]
        ? toNumbers(parts[3], little, fail)
        : fail(`array ${name} has no data`);
  if (data.length !== count) fail(`array ${name} has ${data.length} values for dimensions ${dims.join("x")}`);
  out.arrays.set(name, {name, className, dims, data});
}

/** Decode a numeric data element of any miTYPE to float64. */
function toNumbers(part: {type: number; data: Uint8Array}, little: boolean, fail: (r: string) => never): Float64Array {
  const {type, data} = part;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width: Record<number, number> = {
    [miINT8]: 1,
    [miUINT8]: 1,
    [miINT16]: 2,
    [miUINT16]: 2,
    [miINT32]: 4,
    [miUINT32]: 4,
    [miSINGLE]: 4,
    [miDOUBLE]: 8,
    [miINT64]: 8,
    [miUINT64]: 8
  };
  const w = width[type];
  if (w === undefined) fail(`unsupported data type ${type} in a numeric array`);
  if (data.byteLength % w !== 0) fail(`data of type ${type} has ${data.byteLength} bytes, not a multiple of ${w}`);
  const n = data.byteLength / w;
  const out = new Float64Array(n);
  for (let k = 0; k < n; ++k) {
    const o = k * w;
    switch (type) {
      case miINT8:
        out[k] = view.getInt8(o);
        break;
      case miUINT8:
        out[k] = view.getUint8(o);
        break;
      case miINT16:
        out[k] = view.getInt16(o, little);
        break;
      case miUINT16:
        out[k] = view.getUint16(o, little);
        break;
      case miINT32:
        out[k] = view.getInt32(o, little);
        break;
      case miUINT32:
        out[k] = view.getUint32(o, little);
        break;
      case miSINGLE:
        out[k] = view.getFloat32(o, little);
        break;
      case miDOUBLE:
        out[k] = view.getFloat64(o, little);
        break;
      case miINT64:
        out[k] = Number(view.getBigInt64(o, little));
        break;
      case miUINT64:
        out[k] = Number(view.getBigUint64(o, little));
        break;
    }
  }
  return out;
}
