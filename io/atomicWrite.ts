import {statSync} from "node:fs";
import {dirname, resolve} from "node:path";
import {commitFiles, WriteError} from "./commit.js";

/** One file to write: its final path and its bytes (strings are written as UTF-8). */
export interface FileToWrite {
  path: string;
  data: Uint8Array | string;
}

/**
 * Writes `data` to `path` so that readers see either the old file or the complete new one, never a
 * part: the bytes go to a temporary file in the same folder (same file system, so the rename is
 * atomic), which is flushed and then renamed over `path`. On failure the temporary file is removed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await writeFilesAtomic([{path, data}]);
}

/**
 * Writes several files into existing folders, all or nothing (io/commit.ts): every temporary file
 * is written and flushed first, and only when all succeeded are they renamed into place; a failure
 * at any step restores every earlier file and removes every temporary one.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  for (const {path} of files) {
    let folder = false;
    try {
      folder = statSync(dirname(resolve(path))).isDirectory();
    } catch {
      // Reported below.
    }
    if (!folder) throw new WriteError(`cannot write ${path}: its folder does not exist (ENOENT)`);
  }
  await commitFiles(
    {files: files.map(({path, data}) => ({path: resolve(path), data, label: path}))},
    {handleSignals: false}
  );
}
