import {access, constants, stat} from "node:fs/promises";
import {dirname, resolve} from "node:path";
import {InputError} from "../engine/errors.js";

/**
 * Checks before a long run that an output file can be written: its folder exists and is writable,
 * and the path is not a folder. Catching this after an hour of fitting would waste the hour.
 */
export async function checkOutputFile(flag: string, path: string): Promise<void> {
  const folder = dirname(resolve(path));
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(flag, path, `folder ${folder} does not exist`);
  if (!(await writable(folder))) throw new InputError(flag, path, `folder ${folder} is not writable`);
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw new InputError(flag, path, "is a folder");
}

/** Checks that an output folder either exists as a folder or can be created (it is created after the run). */
export async function checkOutputFolder(flag: string, path: string): Promise<void> {
  let current = resolve(path);
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) throw new InputError(flag, path, `${current} is a file, not a folder`);
      if (!(await writable(current))) throw new InputError(flag, path, `folder ${current} is not writable`);
      return;
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

async function writable(folder: string): Promise<boolean> {
  return access(folder, constants.W_OK).then(
    () => true,
    () => false
  );
}
