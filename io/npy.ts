import {writeFileAtomic} from "./atomicWrite.js";
import {fileError, readInputFile} from "./inputFile.js";

/**
 * NumPy's .npy format, versions 1.0 to 3.0, for the three element types this project stores.
 * Reference: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 *
 * Layout: the magic string "\x93NUMPY", a major and a minor version byte, the header length
 * (uint16 little-endian in version 1, uint32 in versions 2 and 3), the header (a Python dict literal
 * such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`, padded with spaces and
 * ending in a newline so that the data starts on a multiple of 64 bytes), then the raw data.
 */
export type NpyDtype = "float32" | "float64" | "uint8";
export const npyDtypes: readonly NpyDtype[] = ["float32", "float64", "uint8"];

export type NpyArray = Float32Array | Float64Array | Uint8Array;

/** An array read from a .npy file: C-order (row-major) values and the shape. */
export interface NpyData {
  dtype: NpyDtype;
  shape: number[];
  data: NpyArray;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** numpy aligns the start of the data to 64 bytes (numpy.lib.format.ARRAY_ALIGN). */
const ALIGN = 64;
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const itemSizes: Record<NpyDtype, number> = {float32: 4, float64: 8, uint8: 1};
const descriptors: Record<NpyDtype, string> = {float32: "<f4", float64: "<f8", uint8: "|u1"};

/**
 * Parses the bytes of a .npy file. Checks the magic string, the version, the header (its three keys
 * and their values), the dtype (float32, float64 or uint8, either byte order), C order, and that the
 * data has exactly the size the shape says. `source` names the file in error messages.
 */
export function parseNpy(bytes: Uint8Array, source = "(bytes)"): NpyData {
  const fail = (reason: string) => fileError(source, reason);
  if (bytes.length === 0) throw fail("empty file");
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw fail("bad magic: not a .npy file (it should start with \\x93NUMPY)");
  }
  if (bytes.length < 10) throw fail("truncated header");
  const major = bytes[6];
  if (major < 1 || major > 3) throw fail(`unsupported .npy version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) throw fail("truncated header");
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthSize;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) {
    throw fail(
      `truncated header: it should be ${headerLength} bytes, the file ends after ${bytes.length - headerStart}`
    );
  }
  const headerBytes = bytes.subarray(headerStart, dataStart);
  const headerText = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(headerBytes);
  const header = parseHeader(headerText, fail);

  const {dtype, littleEndian} = parseDescriptor(header.descr, fail);
  if (header.fortranOrder) throw fail("fortran order is not supported (save a C-order array)");
  const count = header.shape.reduce((a, b) => a * b, 1);
  const itemSize = itemSizes[dtype];
  const expected = count * itemSize;
  const actual = bytes.length - dataStart;
  const described = `header says shape (${header.shape.join(", ")}) of ${dtype}, ${expected} bytes of data`;
  if (actual < expected) throw fail(`truncated data: ${described}, the file has ${actual}`);
  if (actual > expected) throw fail(`shape mismatch: ${described}, the file has ${actual}`);

  const data = decodeData(bytes.subarray(dataStart), dtype, count, littleEndian);
  return {dtype, shape: header.shape, data};
}

/** The bytes of a version 1.0 .npy file (2.0 if the header does not fit) holding `data` in C order. */
export function formatNpy(data: NpyArray, shape: readonly number[]): Uint8Array {
  const dtype = dtypeOf(data);
  for (const d of shape) {
    if (!(Number.isInteger(d) && d >= 0)) throw new RangeError(`invalid shape: (${shape.join(", ")})`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new RangeError(`shape (${shape.join(", ")}) holds ${count} values, the data has ${data.length}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '${descriptors[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  let major = 1;
  let prefix = 10;
  if (dict.length + 1 + ALIGN > 0xffff) ((major = 2), (prefix = 12));
  const padding = (ALIGN - ((prefix + dict.length + 1) % ALIGN)) % ALIGN;
  const header = dict + " ".repeat(padding) + "\n";
  const out = new Uint8Array(prefix + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; ++i) out[prefix + i] = header.charCodeAt(i);
  const body = out.subarray(prefix + header.length);
  if (littleEndianHost || dtype === "uint8") {
    body.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } else {
    const bodyView = new DataView(out.buffer, body.byteOffset);
    for (let i = 0; i < data.length; ++i) {
      if (dtype === "float32") bodyView.setFloat32(i * 4, data[i], true);
      else bodyView.setFloat64(i * 8, data[i], true);
    }
  }
  return out;
}

export async function readNpy(path: string): Promise<NpyData> {
  return parseNpy(await readInputFile(path), path);
}

/** Writes a .npy file atomically. */
export async function writeNpy(path: string, data: NpyArray, shape: readonly number[]): Promise<void> {
  await writeFileAtomic(path, formatNpy(data, shape));
}

export function dtypeOf(data: NpyArray): NpyDtype {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Uint8Array) return "uint8";
  throw new TypeError("npy data must be a Float32Array, Float64Array or Uint8Array");
}

function decodeData(bytes: Uint8Array, dtype: NpyDtype, count: number, littleEndian: boolean): NpyArray {
  // new Uint8Array(view) copies into a fresh, aligned buffer (the file's data offset need not be
  // aligned in memory); Buffer's slice() would not copy.
  if (dtype === "uint8") return new Uint8Array(bytes.subarray(0, count));
  if (littleEndian === littleEndianHost) {
    const copy = new Uint8Array(bytes.subarray(0, count * itemSizes[dtype])).buffer;
    return dtype === "float32" ? new Float32Array(copy) : new Float64Array(copy);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === "float32") {
    const out = new Float32Array(count);
    for (let i = 0; i < count; ++i) out[i] = view.getFloat32(i * 4, littleEndian);
    return out;
  }
  const out = new Float64Array(count);
  for (let i = 0; i < count; ++i) out[i] = view.getFloat64(i * 8, littleEndian);
  return out;
}

function parseDescriptor(descr: string, fail: (reason: string) => Error): {dtype: NpyDtype; littleEndian: boolean} {
  const match = /^([<>|=]?)(f4|f8|u1)$/.exec(descr);
  if (!match) throw fail(`unsupported dtype '${descr}' (supported: float32 '<f4', float64 '<f8', uint8 '|u1')`);
  const order = match[1];
  const dtype: NpyDtype = match[2] === "f4" ? "float32" : match[2] === "f8" ? "float64" : "uint8";
  return {dtype, littleEndian: order === ">" ? false : order === "<" ? true : littleEndianHost};
}

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

type HeaderValue = string | boolean | number | number[];

/**
 * Parses the header's Python dict literal: exactly the keys 'descr' (a string), 'fortran_order'
 * (True or False) and 'shape' (a tuple of non-negative integers), followed only by spaces and the
 * final newline.
 */
function parseHeader(text: string, fail: (reason: string) => Error): NpyHeader {
  const bad = (what: string) => fail(`bad header: ${what} in ${JSON.stringify(text.trimEnd())}`);
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t")) ++i;
  };
  const expect = (c: string) => {
    skipSpace();
    if (text[i] !== c) throw bad(`expected '${c}' at position ${i}`);
    ++i;
  };
  const parseString = (): string => {
    skipSpace();
    const quote = text[i];
    if (quote !== "'" && quote !== '"') throw bad(`expected a string at position ${i}`);
    const end = text.indexOf(quote, i + 1);
    if (end < 0) throw bad("unterminated string");
    const s = text.slice(i + 1, end);
    i = end + 1;
    return s;
  };
  const parseInteger = (): number => {
    skipSpace();
    const match = /^\d+L?/.exec(text.slice(i));
    if (!match) throw bad(`expected an integer at position ${i}`);
    i += match[0].length;
    return Number.parseInt(match[0], 10);
  };
  const parseValue = (): HeaderValue => {
    skipSpace();
    if (text[i] === "'" || text[i] === '"') return parseString();
    if (text.startsWith("True", i)) return ((i += 4), true);
    if (text.startsWith("False", i)) return ((i += 5), false);
    if (text[i] === "(") {
      ++i;
      const items: number[] = [];
      for (;;) {
        skipSpace();
        if (text[i] === ")") break;
        items.push(parseInteger());
        skipSpace();
        if (text[i] === ",") ++i;
        else if (text[i] !== ")") throw bad(`expected ',' or ')' at position ${i}`);
      }
      ++i;
      return items;
    }
    return parseInteger();
  };

  const entries = new Map<string, HeaderValue>();
  expect("{");
  for (;;) {
    skipSpace();
    if (text[i] === "}") break;
    const key = parseString();
    expect(":");
    if (entries.has(key)) throw bad(`duplicate key '${key}'`);
    entries.set(key, parseValue());
    skipSpace();
    if (text[i] === ",") ++i;
    else if (text[i] !== "}") throw bad(`expected ',' or '}' at position ${i}`);
  }
  ++i;
  if (!/^[ \t]*\n?$/.test(text.slice(i))) throw bad("unexpected text after the dict");

  for (const key of entries.keys()) {
    if (key !== "descr" && key !== "fortran_order" && key !== "shape") throw bad(`unexpected key '${key}'`);
  }
  const descr = entries.get("descr");
  const fortranOrder = entries.get("fortran_order");
  const shape = entries.get("shape");
  if (typeof descr !== "string") throw bad("'descr' missing or not a string");
  if (typeof fortranOrder !== "boolean") throw bad("'fortran_order' missing or not True/False");
  if (!Array.isArray(shape)) throw bad("'shape' missing or not a tuple");
  return {descr, fortranOrder, shape};
}
