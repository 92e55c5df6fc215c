import {link, mkdir, open, rename, rm, stat, unlink} from "node:fs/promises";

/**
 * The file-system operations that change something when outputs are written, one function each, so
 * that tests can make any one of them fail (or kill the process) and check that nothing is lost.
 */
export interface FileOps {
  /** Creates `path` (never over anything: "wx"), writes and flushes `data`; resolves to the new file's inode. */
  writeNew(path: string, data: Uint8Array | string): Promise<number>;
  /** Creates one folder; resolves to its inode. */
  mkdir(path: string): Promise<number>;
  rename(from: string, to: string): Promise<void>;
  /** A second name for an existing file (a hard link). */
  link(existing: string, path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes a folder and everything in it. */
  removeTree(path: string): Promise<void>;
}

export const realFileOps: FileOps = {
  async writeNew(path, data) {
    const handle = await open(path, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
      return (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
  },
  async mkdir(path) {
    await mkdir(path);
    return (await stat(path)).ino;
  },
  rename: (from, to) => rename(from, to),
  link: (existing, path) => link(existing, path),
  unlink: (path) => unlink(path),
  removeTree: (path) => rm(path, {recursive: true, force: true})
};

const descriptions: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  EISDIR: "a folder is in the way",
  ENOTDIR: "a file is in the way of a folder",
  ENOENT: "its folder no longer exists (was it removed during the run?)",
  EEXIST: "something else appeared at that path during the run",
  ENOTEMPTY: "a folder appeared at that path during the run",
  EIO: "an input/output error of the device",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the path is too long"
};

const hints: Record<string, string> = {
  ENOSPC: "free some space or write elsewhere",
  EDQUOT: "free some space or write elsewhere",
  EACCES: "write elsewhere or fix the folder's permissions",
  EPERM: "write elsewhere or fix the folder's permissions",
  EROFS: "write elsewhere",
  ENOENT: "create the folder again or write elsewhere",
  EIO: "check the device, or write elsewhere"
};

/** A file-system error in words, with its code: `no space left on the device (ENOSPC)`. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code && descriptions[code]) return `${descriptions[code]} (${code})`;
  if (code) return code;
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}

/** What the user can do about a file-system error, when there is something to say. */
export function fsErrorHint(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code ? hints[code] : undefined;
}
