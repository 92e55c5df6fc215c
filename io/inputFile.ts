import {readFile} from "node:fs/promises";
import {InputError} from "../engine/index.js";

/** A file that cannot be used as input: `invalid file: "x.npy" (truncated data: ...)`. */
export function fileError(path: string, reason: string): InputError {
  return new InputError("file", path, reason);
}

/**
 * Reads a whole input file. A missing file, a folder or a permission problem becomes an InputError
 * naming the path, so that the CLI reports it as bad input (exit code 2) rather than a crash.
 */
export async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw fileError(path, "no such file");
    if (code === "EISDIR") throw fileError(path, "is a folder, not a file");
    if (code === "EACCES" || code === "EPERM") throw fileError(path, "permission denied");
    throw error;
  }
}
