/**
 * The lab's tfjs models as the pages load them: src/vendor/lab.js, bundled from lab/index.ts by
 * scripts/bundle.ts, typed from its source.
 */
import type * as LabModule from "../../lab/index.js";
// @ts-expect-error The lab's bundle (scripts/bundle.ts) has no declarations; it is typed from its source just below.
import * as labBundle from "../vendor/lab.js";

export const lab: typeof LabModule = labBundle;
