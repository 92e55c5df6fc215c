/**
 * The engine as modules under the source root use it in the browser: the esbuild bundle of
 * engine/index.ts (scripts/bundle.ts writes src/vendor/engine.js), typed from its source.
 */
import type * as EngineModule from "../../engine/index.js";
// @ts-expect-error The engine's bundle (scripts/bundle.ts) has no declarations; it is typed from its source just above.
import * as engineBundle from "../vendor/engine.js";

export const engine: typeof EngineModule = engineBundle;
