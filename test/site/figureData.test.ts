/**
 * The data line under every figure of the built site, in headless Chromium: every chart and image grid on
 * every page sits in a figure that offers its rows as CSV ("Data (CSV)") and either the `npx nmf experiment`
 * command of the build's profile that recomputes its table or where the page computed them. One CSV is
 * downloaded and checked against the Arrow table the figure draws from (the rank-selection figure).
 */
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {describe, expect, it} from "vitest";
import {servedSite} from "../helpers/servedSite.js";
import {builtPages, distRoot} from "../helpers/site.js";

const site = await servedSite();

/** Runs in the page: every figure (Plot chart, image grid, canvas figure) and what its data line offers. */
function dataLines() {
  const charts = Array.from(document.querySelectorAll("main svg")).filter(
    (svg) => Array.from(svg.classList).some((c) => /^plot-[0-9a-f]{6}$/.test(c)) && !svg.closest("svg svg")
  );
  const canvases = Array.from(document.querySelectorAll("main canvas.image-grid, main canvas.triptych"));
  return [...charts, ...canvases].map((element) => {
    const holder = element.closest("[data-data-line]");
    const line = holder ? Array.from(holder.children).find((child) => child.classList.contains("figure-data")) : null;
    const button = line?.querySelector("button.figure-data-csv");
    return {
      figure:
        element.getAttribute("aria-label") ??
        `${element.tagName} in ${element.parentElement?.tagName}.${element.parentElement?.className} (${element.closest("[class*=lab], figure")?.className})`,
      button: button ? `${button.textContent}|${button.getAttribute("aria-label")}` : null,
      commands: line ? Array.from(line.querySelectorAll("code.figure-data-command"), (c) => c.textContent) : [],
      computed: line?.querySelector(".figure-data-computed")?.textContent ?? null
    };
  });
}

/** The fields of one CSV line (quoted fields may hold commas and doubled quotes; these rows hold no line break). */
function csvFields(line: string): string[] {
  return Array.from(line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g), (m) =>
    m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]
  );
}

describe("the data behind every figure", () => {
  for (const page of builtPages()) {
    it(
      `${page}: every figure offers its CSV and the command (or says the page computed it)`,
      {timeout: 120_000},
      async () => {
        const tab = await site.browser.newPage({viewport: {width: 1280, height: 900}});
        try {
          await tab.goto(site.server.url + page, {waitUntil: "networkidle"});
          await tab.waitForTimeout(1000);
          const figures = await tab.evaluate(dataLines);
          const wrong = figures.filter(
            (f) =>
              f.button === null ||
              !f.button.startsWith("Data (CSV)|Data (CSV) of ") ||
              (f.commands.length === 0 && !(f.computed ?? "").startsWith("Not from an experiment: ")) ||
              f.commands.some((c) => !/^npx nmf experiment [a-z0-9-]+ --profile quick --out out\/$/.test(c ?? ""))
          );
          expect(wrong).toEqual([]);
        } finally {
          await tab.close();
        }
      }
    );
  }

  it(
    "downloads the rank-selection figure's rows as CSV: exactly the rows of the table it draws",
    {timeout: 120_000},
    async () => {
      const tab = await site.browser.newPage({viewport: {width: 1280, height: 900}, acceptDownloads: true} as never);
      try {
        await tab.goto(`${site.server.url}methods.html`, {waitUntil: "networkidle"});
        const figure = tab.locator("[data-data-line]", {
          has: tab.locator('svg[aria-label^="Held-out error of MNIST"]')
        });
        await expect(figure.locator("code.figure-data-command").textContent()).resolves.toBe(
          "npx nmf experiment rank-selection --profile quick --out out/"
        );
        const [download] = await Promise.all([
          tab.waitForEvent("download"),
          figure.locator("button.figure-data-csv").first().click()
        ]);
        expect(download.suggestedFilename()).toBe("rank-selection-ranks.csv");
        const text = readFileSync((await download.path())!, "utf8");
        const [header, ...lines] = text.trimEnd().split("\n").map(csvFields);
        const csv = lines.map((line) => Object.fromEntries(line.map((v, i) => [header[i], v])));
        const folder = join(distRoot, "_file", "data");
        const file = readdirSync(folder).find((f) => /^rank-selection-ranks\.[0-9a-f]+\.arrow$/.test(f))!;
        const table = tableFromIPC(readFileSync(join(folder, file)));
        const rows = table.toArray().map((r) => r.toJSON() as Record<string, number | boolean>);
        const steps = [...new Set(rows.map((r) => r.step as number))].sort((a, b) => a - b);
        const ranks = new Set(rows.map((r) => r.rank)).size;
        // Four curves: held-out at the first and the last step, seen entries and Eckart-Young at the last.
        expect(header, text.slice(0, 400)).toContain("eckartYoung");
        expect(csv).toHaveLength(4 * ranks);
        const column = (series: string) =>
          series.startsWith("held-out") ? "heldOutError" : series.startsWith("seen") ? "trainError" : "eckartYoung";
        for (const r of csv) {
          const source = rows.find((row) => row.step === Number(r.step) && row.rank === Number(r.rank))!;
          expect(source, `${r.step}/${r.rank}`).toBeDefined();
          expect([steps[0], steps[steps.length - 1]]).toContain(Number(r.step));
          for (const key of ["heldOutError", "standardError", "trainError", "eckartYoung"])
            expect(Number(r[key])).toBe(source[key]);
          expect(r.selected).toBe(String(source.selected));
          expect(Number(r.error)).toBe(source[column(r.series)]);
        }
      } finally {
        await tab.close();
      }
    }
  );
});
