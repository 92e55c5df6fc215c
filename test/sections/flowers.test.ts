// @vitest-environment jsdom
import {beforeAll, describe, expect, it, vi} from "vitest";
import {
  absentNotice,
  deepCurves,
  deepRuns,
  overview,
  reconstructionInput,
  reconstructionTriptych,
  runName,
  signatureInput,
  signatureStrip,
  solverCurves,
  structureFindings
} from "../../src/sections/flowers/index.js";
import {installCanvasRecorder, recordingOf} from "../components/dom.js";
import {experimentTable, referenceTable, rendered} from "./sectionFixtures.js";

// The browser runs the engine's bundle (src/vendor/engine.js, built by `npm run build`); tests run its source.
vi.mock("../../src/components/browserEngine.js", async () => ({engine: await import("../../engine/index.js")}));

beforeAll(installCanvasRecorder);

const runs = [
  {run: "hals-10", model: "hals", r1: 10, data: "flowers102", initScale: 1, seed: 112},
  {run: "deep-small", model: "deep", r1: 20, r2: 10, data: "flowers102", initScale: 0.01, seed: 112, plateaus: 2},
  {run: "deep-20-10", model: "deep", r1: 20, r2: 10, data: "flowers102", initScale: 1, seed: 112, plateaus: 1}
];
const shape: [number, number, number] = [2, 2, 3];
const image = () => new Uint8Array(12);

/** The flowers experiment's tables: signatures of the study's Deep NMF at two steps, reconstructions by HALS. */
function flowerTables(rows = runs) {
  return {
    runs: experimentTable(rows, {
      meta: {data: [{spec: "flowers102", source: "", m: 1020, n: 12, hash: "", imageShape: [2, 2, 3]}]}
    }),
    trajectories: experimentTable(
      rows.flatMap((r) =>
        [1, 10].map((step) => ({run: r.run, step, relativeError: 0.5, effectiveRank: 2, sv1: 3, sv2: 1}))
      )
    ),
    plateaus: experimentTable([{run: "deep-20-10", start: 1, end: 10, level: 1}]),
    reference: referenceTable(
      "flowers102",
      Array.from({length: 12}, (_, i) => 12 - i)
    ),
    snapshots: experimentTable(
      [0, 100].flatMap((step) =>
        [0, 1].map((component) => ({run: "deep-20-10", step, kind: "regular", component, scale: 1, pixels: image()}))
      ),
      {shape}
    ),
    reconstructions: experimentTable(
      [
        {run: "data", kind: "original", image: 1, pixels: image()},
        {run: "data", kind: "original", image: 0, pixels: image()},
        {run: "hals-10", kind: "reconstruction", image: 0, pixels: image()},
        {run: "hals-10", kind: "reconstruction", image: 1, pixels: image()}
      ],
      {shape}
    ),
    structure: experimentTable(
      [
        {run: "deep-20-10", step: 0, structured: 0, signatures: 2},
        {run: "deep-20-10", step: 100, structured: 1, signatures: 2}
      ],
      {meta: {configuration: {noiseCorrelation: 0.5}}}
    ),
    findings: experimentTable([
      {id: "structure-deep-20-10", replicate: "flowers", kind: "takeaway", sentence: "From [0, 1): no parts yet."},
      {id: "structure-deep-small", replicate: "flowers", kind: "takeaway", sentence: "From [0, 0.01): parts."},
      {id: "solver-structure", replicate: "flowers", kind: "takeaway", sentence: "HALS: 7 of 10."},
      {id: "closest", replicate: "flowers", kind: "takeaway", sentence: "HALS ends closest."}
    ])
  };
}

describe("the flowers page", () => {
  it("names the Deep NMF run from a small start by its start, the others by their solver", () => {
    expect(runs.map(runName)).toEqual(["HALS", "Deep (20, 10) from [0, 0.01)", "Deep (20, 10)"]);
    expect(deepRuns(flowerTables()).headline?.run).toBe("deep-20-10");
  });

  it("reads X's spectrum and the flat solvers' rank when the runs exist", () => {
    const {absent, reference, rank} = overview(flowerTables());
    expect(absent).toBe(false);
    expect(rank).toBe(10);
    expect(reference?.singularValues.length).toBe(12);
  });

  it("says why there are no figures, and how to get the data, when Flowers102 was absent", () => {
    const empty = flowerTables([]);
    empty.runs.meta.reason = "Flowers102 not found: run `npx nmf fetch flowers102`";
    expect(overview(empty)).toEqual({absent: true, reference: undefined, rank: 10});
    const notice = absentNotice(empty.runs);
    expect(notice.dataset.noFigure).toBe("");
    expect(notice.textContent).toContain("Flowers102 not found");
    expect(notice.textContent).toContain("npx nmf fetch --dataset flowers102");
    expect(rendered(solverCurves(empty))).toBe("No data: see the notice above.");
    expect(rendered(deepCurves(empty))).toBe("No Deep NMF run: see the notice above.");
    expect(rendered(signatureStrip(empty, "(none)"))).toBe("No signatures on this build.");
    expect(rendered(reconstructionTriptych(empty, "(none)"))).toBe("No reconstructions on this build.");
  });

  it("offers the signatures of the runs that have some, the study's Deep NMF first, and counts the structured ones", () => {
    const tables = flowerTables();
    const select = signatureInput(tables);
    expect(select.value).toBe("deep-20-10");
    expect(Array.from(select.querySelectorAll("option"), (o) => o.textContent)).toEqual(["Deep (20, 10)"]);
    const text = rendered(signatureStrip(tables, "deep-20-10"));
    expect(text).toContain("The 2 signatures (rows of H, as 2 × 2 × 3 RGB images");
    expect(text).toContain("correlated above 0.5): step 0 0 of 2, step 100 1 of 2");
  });

  it("writes the structure findings of every Deep NMF run, then the solvers'", () => {
    expect(structureFindings(flowerTables()).textContent).toBe(
      "From [0, 0.01): parts. From [0, 1): no parts yet. HALS: 7 of 10."
    );
  });

  it("shows HALS's reconstructions first, the flowers in image order", () => {
    const tables = flowerTables();
    expect(reconstructionInput(tables).value).toBe("hals-10");
    const figure = reconstructionTriptych(tables, "hals-10")(640) as HTMLElement;
    expect(figure.textContent).toContain("2 flowers, their reconstruction by HALS");
    const titles = recordingOf(figure.querySelector("canvas")!).texts.filter((t) => t.startsWith("#"));
    expect(titles).toEqual(["#0", "#1"]);
  });

  it("draws the solvers against the bound at their rank, and the Deep NMF runs with their plateau counts", () => {
    expect(rendered(solverCurves(flowerTables()))).toContain("Eckart–Young bound, rank 10");
    expect(rendered(deepCurves(flowerTables()))).toContain("Deep (20, 10) from [0, 0.01): 2; Deep (20, 10): 1");
  });
});
