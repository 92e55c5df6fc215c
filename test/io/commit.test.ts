import {spawnSync} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, describe, expect, it} from "vitest";
import {commitFiles, InterruptedError, recoverFolder, WriteError} from "../../io/commit.js";
import {createScenario, expectedAfter, instrumentedOps, snapshot} from "./commitScenario.js";

const roots: string[] = [];
const freshRoot = () => {
  const root = mkdtempSync(join(tmpdir(), "nmf-commit-"));
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach((root) => rmSync(root, {recursive: true, force: true})));

/** The operations of a successful write, and the index of the commit point (the journal's removal). */
async function recordOperations() {
  const root = freshRoot();
  const {request} = createScenario(root);
  const calls: {name: string; path: string}[] = [];
  await commitFiles(request, {ops: instrumentedOps((_, name, args) => calls.push({name, path: String(args[0])}))});
  expect(snapshot(root)).toEqual(expectedAfter());
  const commitPoint = calls.findIndex((c) => c.name === "unlink" && c.path.endsWith(".journal"));
  return {calls, commitPoint};
}

const debris = (state: Record<string, string>) => Object.keys(state).filter((path) => /(^|\/)\.[^/]*nmf-/.test(path));

describe("commitFiles", () => {
  it("writes, replaces, creates folders and removes files in one step", async () => {
    const {calls, commitPoint} = await recordOperations();
    // Staging (7 writes and folders), the journal and 2 pointers, 8 commit steps, then the commit point.
    expect(calls.slice(0, commitPoint).map((c) => c.name)).toEqual([
      ...["writeNew", "writeNew", "writeNew", "mkdir", "mkdir", "writeNew", "writeNew"],
      ...["writeNew", "writeNew", "writeNew"],
      ...["link", "rename", "link", "rename", "rename", "rename", "rename", "rename"]
    ]);
  });

  it("leaves every earlier file as it was when any write or rename fails (fault injection at each step)", async () => {
    const {calls, commitPoint} = await recordOperations();
    const codes = ["ENOSPC", "EIO", "EACCES", "ENOENT", "EROFS"];
    for (let at = 0; at < calls.length; ++at) {
      const root = freshRoot();
      const {request} = createScenario(root);
      const before = snapshot(root);
      const code = codes[at % codes.length];
      const ops = instrumentedOps((index) => {
        if (index === at) throw Object.assign(new Error(`injected ${code}`), {code});
      });
      const outcome = await commitFiles(request, {ops}).then(
        () => undefined,
        (error: unknown) => error
      );
      const state = snapshot(root);
      if (at <= commitPoint) {
        expect(outcome, `failure at step ${at} (${calls[at].name})`).toBeInstanceOf(WriteError);
        expect((outcome as Error).message).toMatch(
          new RegExp(
            `^cannot write --[a-z-]+ .*: .*\\(${code}\\); nothing was written, every earlier file is as it was`
          )
        );
        expect(state, `failure at step ${at} (${calls[at].name} ${calls[at].path})`).toEqual(before);
      } else {
        // After the commit point the write stands; a backup that could not be removed is left for the next write.
        expect(outcome).toBeUndefined();
        const kept = Object.fromEntries(Object.entries(state).filter(([path]) => !debris({[path]: ""}).length));
        expect(kept).toEqual(expectedAfter());
        expect(debris(state).length).toBeLessThanOrEqual(1);
      }
    }
  });

  it("undoes everything when SIGINT or SIGTERM arrives at any step before the commit point, and says so after it", async () => {
    const {calls, commitPoint} = await recordOperations();
    for (let at = 0; at <= commitPoint; ++at) {
      const root = freshRoot();
      const {request} = createScenario(root);
      const before = snapshot(root);
      const signal = at % 2 ? "SIGTERM" : "SIGINT";
      const ops = instrumentedOps((index) => {
        if (index === at) process.emit(signal, signal);
      });
      const error = await commitFiles(request, {ops}).catch((e: unknown) => e);
      // The operation under way finishes; the next one stops the write and everything is undone.
      expect(error, `signal before step ${at} (${calls[at].name})`).toBeInstanceOf(InterruptedError);
      expect((error as InterruptedError).signal).toBe(signal);
      // A signal during the commit point's own step comes too late to undo: the files stand, and it says so.
      expect((error as InterruptedError).written).toBe(at === commitPoint);
      const state = snapshot(root);
      const kept = Object.fromEntries(Object.entries(state).filter(([path]) => !debris({[path]: ""}).length));
      expect(kept).toEqual(at === commitPoint ? expectedAfter() : before);
      expect(debris(state)).toEqual([]);
    }
    expect(process.listenerCount("SIGINT")).toBe(0);
  });

  it("is undone by the next write after kill -9 at any step, or stands when killed after the commit point", async () => {
    const {calls, commitPoint} = await recordOperations();
    const script = fileURLToPath(new URL("./killDuringCommit.ts", import.meta.url));
    const repository = fileURLToPath(new URL("../..", import.meta.url));
    let killedWithDebris = 0;
    for (let at = 0; at < calls.length; ++at) {
      const root = freshRoot();
      const child = spawnSync(process.execPath, ["--import", "tsx", script, root, String(at)], {
        cwd: repository,
        encoding: "utf8",
        timeout: 60_000
      });
      expect(child.signal, `${child.stderr}`).toBe("SIGKILL");
      const left = snapshot(root);
      if (debris(left).length > 0) ++killedWithDebris;
      for (const folder of [root, join(root, "f"), join(root, "k")]) await recoverFolder(folder);
      const state = snapshot(root);
      expect(debris(state), `killed before step ${at}`).toEqual([]);
      if (at <= commitPoint) {
        // The earlier state: what createScenario made.
        const fresh = freshRoot();
        createScenario(fresh);
        expect(state, `killed before step ${at} (${calls[at].name} ${calls[at].path})`).toEqual(snapshot(fresh));
      } else expect(state).toEqual(expectedAfter());
    }
    expect(killedWithDebris).toBeGreaterThan(calls.length / 2);
  });
});
