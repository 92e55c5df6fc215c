import {readdirSync, readFileSync, statSync} from "node:fs";
import {join, relative} from "node:path";

/** Every file and folder under root (hidden ones included) with the files' contents. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const key = relative(root, path);
      if (statSync(path).isDirectory()) ((out[key + "/"] = ""), walk(path));
      else out[key] = readFileSync(path).toString("hex");
    }
  };
  walk(root);
  return out;
}
