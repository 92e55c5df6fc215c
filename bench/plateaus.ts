import {createPlateauMonitor, detectPlateaus} from "../engine/index.js";
import {plateauFamilies, syntheticTrajectory, type Recording} from "../experiments/plateauDetector/generators.js";
import {significant, summarize} from "./stats.js";

/** The step time the monitor's cost is compared with: Deep NMF (20, 10) on 2,000 images takes about 2 ms. */
const REFERENCE_STEP_MS = 2;

const recordings: Recording[] = [
  {every: 1, last: 1000},
  {every: 1, last: 20000},
  {every: 1, last: 100000}
];

/**
 * `npm run bench -- --plateaus`: the plateau monitor fed a trajectory point by point, as the fit
 * loop feeds it (createPlateauMonitor().push after every recorded step, then finish), on one
 * synthetic trajectory per family (noise sd 0.03, recorded every step to 1,000, 20,000 and 100,000),
 * and the offline detector on the same points. One JSON line per trajectory: `usPerPush` (median
 * over runs, wall clock, including the segmentation work when bins close), `cpuUsPerPush` (the same
 * in this process's CPU time), `shareOf2msStep` (usPerPush over a 2 ms training step), `maxPushMs`
 * (the slowest single push of the last run), `detectMs` (offline, wall clock).
 */
export function benchPlateaus(runs: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const recording of recordings)
    for (const family of plateauFamilies) {
      const t = syntheticTrajectory(family, 1, 0.03, recording);
      const perPush: number[] = [],
        cpuPerPush: number[] = [],
        detect: number[] = [];
      let maxPush = 0;
      for (let run = 0; run <= runs; ++run) {
        const monitor = createPlateauMonitor();
        let slowest = 0;
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        for (let i = 0; i < t.steps.length; ++i) {
          const before = performance.now();
          monitor.push(t.steps[i], t.erank[i], 1);
          slowest = Math.max(slowest, performance.now() - before);
        }
        monitor.finish();
        const elapsed = performance.now() - start;
        const cpu = process.cpuUsage(cpuStart);
        const detectStart = performance.now();
        detectPlateaus(t.steps, t.erank);
        // Run 0 warms the JIT up and is not counted.
        if (run === 0) continue;
        perPush.push((1000 * elapsed) / t.steps.length);
        cpuPerPush.push((cpu.user + cpu.system) / t.steps.length);
        detect.push(performance.now() - detectStart);
        maxPush = slowest;
      }
      const s = summarize(perPush);
      out.push({
        name: `plateau-monitor-${family}-${t.steps.length}`,
        usPerPush: significant(s.median),
        spread: {min: significant(s.min), max: significant(s.max)},
        cpuUsPerPush: significant(summarize(cpuPerPush).median),
        shareOf2msStep: significant(s.median / 1000 / REFERENCE_STEP_MS),
        maxPushMs: significant(maxPush),
        detectMs: significant(summarize(detect).median),
        points: t.steps.length,
        runs
      });
    }
  return out;
}
