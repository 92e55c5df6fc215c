import {existsSync, readdirSync, statSync} from "node:fs";
import {rm} from "node:fs/promises";
import {join} from "node:path";
import {cacheDir, codeFolder, runCodeHash} from "./runCache.js";
import {theoryFolder} from "./theory/memo.js";

/** Cache folders the run cache and the theory memo write: a code version (16 hex digits), or a key prefix of the first layout (2). */
const CACHE_FOLDER = /^([0-9a-f]{16}|[0-9a-f]{2})$/;

/**
 * Removes the entries no current run can read: the folders of older run code in `dir`, and of older
 * run or theory code in `dir/theory` (`current` names the folders to keep). Only folders named like
 * the ones the cache writes are touched. Returns the folders removed and their size in bytes.
 */
export async function pruneCache(
  dir = cacheDir(),
  current = {runs: codeFolder(runCodeHash()), theory: theoryFolder()}
): Promise<{removed: string[]; bytes: number}> {
  const removed: string[] = [];
  let bytes = 0;
  for (const [parent, keep] of [
    [dir, current.runs],
    [join(dir, "theory"), current.theory]
  ] as const) {
    if (!existsSync(parent)) continue;
    for (const name of readdirSync(parent).sort()) {
      const path = join(parent, name);
      if (name === keep || !CACHE_FOLDER.test(name) || !statSync(path).isDirectory()) continue;
      bytes += folderBytes(path);
      await rm(path, {recursive: true, force: true});
      removed.push(path);
    }
  }
  return {removed, bytes};
}

function folderBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, {withFileTypes: true})) {
    const child = join(path, entry.name);
    total += entry.isDirectory() ? folderBytes(child) : statSync(child).size;
  }
  return total;
}
