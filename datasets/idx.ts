import {readFile} from "node:fs/promises";
import {gunzipSync} from "node:zlib";
import {InputError} from "../engine/index.js";

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun, Cortes, Burges, "THE MNIST DATABASE of
 * handwritten digits", file formats section): a big-endian header `0x00 0x00 type ndim`, then
 * `ndim` 32-bit big-endian sizes, then the values in row-major order. Only type 0x08 (unsigned
 * byte), the type of every MNIST-family file, is read.
 */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const typeNames: Record<number, string> = {8: "ubyte", 9: "byte", 11: "short", 12: "int", 13: "float", 14: "double"};

/** Parse IDX bytes (already gunzipped); `name` names the file in errors, `ndim` is the expected rank. */
export function parseIdx(bytes: Uint8Array, name: string, ndim?: number): IdxArray {
  const fail = (reason: string): never => {
    throw new InputError("idx file", name, reason);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, no room for the 4-byte magic number`);
  const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (bytes[0] !== 0 || bytes[1] !== 0 || typeNames[bytes[2]] === undefined || bytes[3] === 0)
    fail(`bad magic number 0x${magic.toString(16).padStart(8, "0")} (expected 0x0000TTNN, e.g. 0x00000803 for images)`);
  if (bytes[2] !== 8)
    fail(`element type ${typeNames[bytes[2]]} (0x${bytes[2].toString(16)}) is not supported, only ubyte`);
  const rank = bytes[3];
  if (ndim !== undefined && rank !== ndim)
    fail(
      `wrong dimensions: ${rank} dimensions in the header, expected ${ndim} (magic 0x${magic.toString(16).padStart(8, "0")})`
    );
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) fail(`truncated: ${bytes.length} bytes, the header needs ${headerBytes}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < rank; ++d) dims.push(view.getUint32(4 + 4 * d, false));
  if (dims.some((d) => d === 0)) fail(`wrong dimensions: ${dims.join(" x ")} has a zero size`);
  const count = dims.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerBytes;
  if (found < count) fail(`truncated data: ${dims.join(" x ")} needs ${count} bytes after the header, found ${found}`);
  if (found > count)
    fail(`wrong dimensions: ${dims.join(" x ")} needs ${count} bytes after the header, found ${found}`);
  return {dims, data: bytes.subarray(headerBytes)};
}

/** Read an IDX file, gunzipping it when it starts with the gzip magic bytes 1f 8b (whatever its name). */
export async function readIdxFile(path: string, ndim?: number): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError("idx file", path, code === "ENOENT" ? "no such file" : String(error));
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new InputError("idx file", path, `corrupt gzip: ${(error as Error).message}`);
    }
  }
  return parseIdx(bytes, path, ndim);
}
