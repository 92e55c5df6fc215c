// @vitest-environment jsdom
import * as Plot from "@observablehq/plot";
import {describe, expect, it} from "vitest";
import {figureElement} from "../../src/components/figure.js";
import {command, sourcesOf, tagRows, toCsv} from "../../src/components/figureData.js";
import {plotChart} from "../../src/components/plot.js";

const source = {experiment: "plateaus", profile: "quick", table: "trajectories"};

function tagged() {
  const rows = [
    {run: "a", step: 1, relativeError: 0.5},
    {run: "a", step: 2, relativeError: 0.25}
  ];
  tagRows(rows, source);
  return rows;
}

describe("the data behind a figure", () => {
  it("writes CSV with every column met, quoting what needs it and typed arrays as space-separated values", () => {
    const rows = [{a: 1, b: 'x, "y"'}, {a: 2, c: Float64Array.of(0.5, 1)}, {b: "line\nbreak"}];
    expect(toCsv(rows)).toBe('a,b,c\n1,"x, ""y""",\n2,,0.5 1\n,"line\nbreak",\n');
  });

  it("keeps a row's table through object spread, and not in its keys or JSON", () => {
    const [row] = tagged();
    const derived = {...row, x: 1};
    expect(sourcesOf([derived])).toEqual([source]);
    expect(Object.keys(derived)).toEqual(["run", "step", "relativeError", "x"]);
    expect(JSON.stringify(row)).toBe('{"run":"a","step":1,"relativeError":0.5}');
    expect(sourcesOf([{run: "b"}])).toEqual([]);
  });

  it("offers the rows a chart draws, with the command of their table, under the figure", () => {
    const rows = tagged();
    const chart = plotChart({marks: [Plot.line(rows, {x: "step", y: "relativeError"}), Plot.ruleY([0])]});
    const figure = figureElement([chart], {className: "test", ariaLabel: "Error against step"});
    const line = figure.querySelector(".figure-data")!;
    expect(line.parentElement).toBe(figure);
    expect(line.querySelector("button")!.getAttribute("aria-label")).toBe("Data (CSV) of Error against step: 2 rows");
    expect(line.querySelector("code")!.textContent).toBe(command(source));
    expect(command(source)).toBe("npx nmf experiment plateaus --profile quick --out out/");
    expect(line.textContent).toContain("(writes out/trajectories.arrow)");
  });

  it("says where the page computed rows that no table holds, and offers a figure's data once when figures nest", () => {
    const computed = plotChart({
      marks: [Plot.dot([{q: 1, v: 2}], {x: "q", y: "v"})],
      data: {computed: "the engine's metrics"}
    });
    const inner = figureElement([computed], {className: "inner", ariaLabel: "inner"});
    const outer = figureElement([inner], {className: "outer", ariaLabel: "outer"});
    expect(outer.querySelectorAll(".figure-data")).toHaveLength(1);
    expect(inner.querySelector(".figure-data-computed")!.textContent).toBe(
      "Not from an experiment: the engine's metrics."
    );
    const unknown = figureElement([plotChart({marks: [Plot.dot([{q: 1}], {x: "q"})]})], {
      className: "u",
      ariaLabel: "u"
    });
    expect(unknown.querySelector(".figure-data-computed")!.textContent).toBe("Source not recorded.");
  });
});
