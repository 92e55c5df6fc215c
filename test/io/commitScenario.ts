/**
 * One write that touches every kind of step the commit has: files replaced and created in existing
 * folders, a missing folder two levels deep, a second folder (journal pointers), a file removed.
 */
import {mkdirSync, writeFileSync} from "node:fs";
export {snapshot} from "../helpers/snapshot.js";
import {join} from "node:path";
import type {CommitRequest} from "../../io/commit.js";
import type {FileOps} from "../../io/fileOps.js";
import {realFileOps} from "../../io/fileOps.js";

/** Creates the earlier state under `root`; returns the request that changes it. */
export function createScenario(root: string): {request: CommitRequest; folders: string[]} {
  mkdirSync(join(root, "f"), {recursive: true});
  mkdirSync(join(root, "k"));
  writeFileSync(join(root, "a.bin"), "old a");
  writeFileSync(join(root, "f", "W.npy"), "old W");
  writeFileSync(join(root, "f", "W2.npy"), "old W2 (stale)");
  writeFileSync(join(root, "k", "keep.txt"), "not ours");
  const request: CommitRequest = {
    files: [
      {path: join(root, "a.bin"), data: "new a", label: "--out a.bin"},
      {path: join(root, "f", "W.npy"), data: "new W", label: "--save-factors f (W.npy)"},
      {path: join(root, "f", "H.npy"), data: "new H", label: "--save-factors f (H.npy)"},
      {path: join(root, "g", "h", "x.bin"), data: "new x", label: "--save-init g/h (x.bin)"},
      {path: join(root, "k", "y.bin"), data: new Uint8Array([1, 2, 3]), label: "--other k/y.bin"}
    ],
    remove: [{path: join(root, "f", "W2.npy"), label: "--save-factors f (W2.npy)"}]
  };
  return {request, folders: [root, join(root, "f"), join(root, "k")]};
}

/** The state after a successful write. */
export function expectedAfter(): Record<string, string> {
  const hex = (s: string) => Buffer.from(s).toString("hex");
  return {
    "a.bin": hex("new a"),
    "f/": "",
    "f/H.npy": hex("new H"),
    "f/W.npy": hex("new W"),
    "g/": "",
    "g/h/": "",
    "g/h/x.bin": hex("new x"),
    "k/": "",
    "k/keep.txt": hex("not ours"),
    "k/y.bin": "010203"
  };
}

/** The file operations, with `onCall(index, name, args)` before each: it may throw or kill. */
export function instrumentedOps(onCall: (index: number, name: string, args: unknown[]) => void): FileOps {
  let index = 0;
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      onCall(index++, name, args);
      return fn(...args);
    };
  return {
    writeNew: wrap("writeNew", realFileOps.writeNew),
    mkdir: wrap("mkdir", realFileOps.mkdir),
    rename: wrap("rename", realFileOps.rename),
    link: wrap("link", realFileOps.link),
    unlink: wrap("unlink", realFileOps.unlink),
    removeTree: wrap("removeTree", realFileOps.removeTree)
  };
}
