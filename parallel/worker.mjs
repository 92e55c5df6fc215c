// Entry point of the product threads (parallel/operator.ts). Node does not apply tsx's loader to
// worker threads, so this plain module registers tsx in the thread, then loads the TypeScript worker.
import {register} from "tsx/esm/api";

register();
await import("./worker.ts");
