/**
 * One line after the run: which browser the browser tests used, and which tests on the full real
 * datasets ran (they are declared only where the data is found: test/helpers/realData.ts). Also
 * written to test/output/summary.json for .ci/run's final line.
 */
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Reporter, TestModule} from "vitest/node";
import {realDataDir, type RealDataset} from "./realData.js";
import {testOutput} from "./site.js";

const datasets: RealDataset[] = ["Flowers102", "Fashion-MNIST"];

export default class SummaryReporter implements Reporter {
  /** The browser record of an earlier run must not be reported for this one. */
  onTestRunStart(): void {
    rmSync(join(testOutput, "browser.json"), {force: true});
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = new Map<RealDataset, {passed: number; failed: number}>(
      datasets.map((d) => [d, {passed: 0, failed: 0}])
    );
    let skipped = 0;
    for (const module of testModules)
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "skipped") ++skipped;
        const dataset = datasets.find((d) => test.fullName.includes(`real ${d}: `));
        if (dataset && (state === "passed" || state === "failed")) ++counts.get(dataset)![state];
      }
    const real = datasets.map((dataset) => {
      const {passed, failed} = counts.get(dataset)!;
      const dir = realDataDir(dataset);
      if (dir === undefined) return `${dataset} not found, its real-data tests were not declared (fixtures tested)`;
      return `${dataset} at ${dir}: ${passed + failed} real-data tests ran${failed ? `, ${failed} failed` : ""}`;
    });
    const browserFile = join(testOutput, "browser.json");
    const browser = existsSync(browserFile) ? JSON.parse(readFileSync(browserFile, "utf8")) : undefined;
    const browserText = browser ? `browser: ${browser.source} Chromium ${browser.version} (${browser.path})` : "";
    const context = [`real data: ${real.join("; ")}`, browserText].filter(Boolean).join(" | ");
    const line = `${context} | ${skipped} skipped`;
    mkdirSync(testOutput, {recursive: true});
    writeFileSync(join(testOutput, "summary.json"), JSON.stringify({line, context, skipped, browser, real}, null, 2));
    process.stdout.write(`\n${line}\n`);
  }
}
