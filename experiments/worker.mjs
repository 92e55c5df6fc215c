// Entry point of the runner's worker threads (experiments/runner.ts). Node does not apply tsx's
// loader to worker threads, so this plain module registers tsx in the thread, then loads the
// TypeScript worker. Works the same under `tsx`, vitest and Framework's loader runner.
import {register} from "tsx/esm/api";

register();
await import("./worker.ts");
