import {main} from "../../cli/main.js";

/** Runs `nmf ...args` in this process with captured streams. */
export async function nmf(...args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: {write: (s: string) => (stdout += s)},
    stderr: {write: (s: string) => (stderr += s)}
  });
  return {code, stdout, stderr};
}
