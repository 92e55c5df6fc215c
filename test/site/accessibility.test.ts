/**
 * Every page of the built site checked by axe-core (the accessibility engine of browsers' developer tools) in
 * headless Chromium, after its figures are drawn: no serious or critical violation of WCAG 2 A/AA.
 */
import {createRequire} from "node:module";
import {describe, expect, it} from "vitest";
import {servedSite} from "../helpers/servedSite.js";
import {builtPages} from "../helpers/site.js";

const site = await servedSite();
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface Violation {
  id: string;
  impact: string | null;
  nodes: {target: string[]}[];
}

describe("accessibility (axe-core)", () => {
  for (const page of builtPages()) {
    it(`${page}: no serious or critical violation`, {timeout: 120_000}, async () => {
      const tab = await site.browser.newPage({viewport: {width: 1280, height: 900}});
      try {
        await tab.goto(site.server.url + page, {waitUntil: "networkidle"});
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
