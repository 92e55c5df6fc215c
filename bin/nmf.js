#!/usr/bin/env node
// `npx nmf`: registers tsx so that Node runs the TypeScript CLI directly (no compile step), then
// hands over to cli/main.ts. Plain JavaScript, so that it needs nothing but Node and tsx.
import {fileURLToPath} from "node:url";

try {
  const {register} = await import("tsx/esm/api");
  // The repository's tsconfig, wherever `nmf` is run from.
  register({tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url))});
  const {run} = await import("../cli/main.ts");
  await run(process.argv.slice(2));
} catch (error) {
  // Only failures to start get here (main catches the rest): still one line, no stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `nmf: ${message
      .trim()
      .split(/\s*\n\s*/)
      .join(" ")}\n`
  );
  if (process.env.NMF_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}
