import {randomBytes} from "node:crypto";
import {open, rename, unlink} from "node:fs/promises";
import {basename, dirname, join} from "node:path";

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
 * Writes several files, all or nothing as far as a file system allows: every temporary file is
 * written and flushed first, and only when all succeeded are they renamed into place. If any write
 * fails, no target is touched and every temporary file is removed.
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const temporaries: string[] = [];
  try {
    for (const {path, data} of files) {
      const temporary = temporaryPath(path);
      temporaries.push(temporary);
      await writeAndFlush(temporary, data);
    }
    for (let i = 0; i < files.length; ++i) {
      await rename(temporaries[i], files[i].path);
      temporaries[i] = "";
    }
  } catch (error) {
    await Promise.all(temporaries.filter((t) => t).map((t) => unlink(t).catch(() => {})));
    throw error;
  }
}

/** A hidden name beside the target, unique to this process and call, ending in .tmp (git-ignored). */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

async function writeAndFlush(path: string, data: Uint8Array | string): Promise<void> {
  // "wx": fail rather than follow or overwrite anything already at the temporary name.
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
