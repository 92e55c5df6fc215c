/**
 * Every page of the built site checked by axe-core (the accessibility engine of browsers' developer tools) in
 * headless Chromium, after its figures are drawn: no serious or critical violation of WCAG 2 A/AA.
 */
import {createRequire} from "node:module";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {launchChromium} from "../helpers/browser.js";
import {serveDirectory, type StaticServer} from "../helpers/serve.js";
import {builtPages, distRoot, ensureSiteBuilt} from "../helpers/site.js";

const build = await ensureSiteBuilt();
if (build.exitCode !== 0) throw new Error(`npm run build failed; see test/output/site-build.log\n${build.tail}`);
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveDirectory(distRoot)]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

interface Violation {
  id: string;
  impact: string | null;
  nodes: {target: string[]}[];
}

describe("accessibility (axe-core)", () => {
  for (const page of builtPages()) {
    it(`${page}: no serious or critical violation`, {timeout: 120_000}, async () => {
      const tab = await browser.newPage({viewport: {width: 1280, height: 900}});
      try {
        await tab.goto(server.url + page, {waitUntil: "networkidle"});
        await tab.waitForTimeout(1000);
        await tab.addScriptTag({path: axePath});
        const violations = await tab.evaluate(async () => {
          const axe = (window as unknown as {axe: {run: (context: Document) => Promise<{violations: Violation[]}>}})
            .axe;
          const result = await axe.run(document);
          return result.violations.map(({id, impact, nodes}) => ({id, impact, nodes: nodes.map((n) => n.target)}));
        });
        const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).join(", ")}`)).toEqual([]);
      } finally {
        await tab.close();
      }
    });
  }
});
