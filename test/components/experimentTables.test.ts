import {describe, expect, it} from "vitest";
import {arrowFileBytes, makeArrowTable} from "../../io/arrow.js";
import {sourcesOf} from "../../src/components/figureData.js";
import {
  dataReference,
  decodeExperimentTable,
  loadTables,
  runConfig,
  snapshotImages,
  snapshotSteps,
  valueAt,
  withTimes
} from "../../src/components/experimentTables.js";

const meta = (table: string, extra: Record<string, unknown> = {}) => ({
  "nmf.experiment": JSON.stringify({
    experiment: "plateaus",
    table,
    profile: "quick",
    data: [],
    configuration: {},
    ...extra
  })
});

describe("decodeExperimentTable", () => {
  it("reads rows, FixedSizeList columns as typed subarrays, the metadata and the image shape", () => {
    const bytes = arrowFileBytes(
      makeArrowTable(
        {
          run: ["a", "a", "b"],
          step: Int32Array.from([0, 10, 0]),
          kind: ["regular", "regular", "final"],
          component: Int32Array.from([1, 0, 0]),
          scale: Float64Array.from([0.5, 0.25, 1]),
          pixels: {listSize: 2, values: Uint8Array.from([1, 2, 3, 4, 5, 6])}
        },
        {...meta("snapshots"), shape: "[1, 2, 1]"}
      )
    );
    const table = decodeExperimentTable(bytes);
    expect(table.meta.profile).toBe("quick");
    expect(table.shape).toEqual([1, 2, 1]);
    expect(table.rows[1]).toMatchObject({run: "a", step: 10, component: 0, scale: 0.25});
    expect(Array.from(table.rows[2].pixels as Uint8Array)).toEqual([5, 6]);
    expect(snapshotSteps(table, "a")).toEqual([
      {step: 0, kinds: ["regular"]},
      {step: 10, kinds: ["regular"]}
    ]);
    expect(snapshotImages(table, {run: "a", step: 0}).images.map((p) => Array.from(p))).toEqual([[1, 2]]);
  });

  it("says why an experiment did not run", () => {
    const table = decodeExperimentTable(
      arrowFileBytes(makeArrowTable({run: [] as string[]}, meta("runs", {reason: "Flowers102 was not found"})))
    );
    expect(table.rows).toEqual([]);
    expect(table.meta.reason).toBe("Flowers102 was not found");
  });

  it("refuses a table without the experiment metadata", () => {
    expect(() => decodeExperimentTable(arrowFileBytes(makeArrowTable({x: Int32Array.from([1])})))).toThrow(
      "invalid experiment table: no nmf.experiment metadata"
    );
  });
});

describe("dataReference", () => {
  it("returns X's spectrum in index order with the summaries of the metadata", () => {
    const bytes = arrowFileBytes(
      makeArrowTable(
        {
          data: ["mnist:500", "mnist:500"],
          index: Int32Array.from([2, 1]),
          singularValue: Float64Array.from([3, 4]),
          eckartYoung: Float64Array.from([0, 0.36])
        },
        {
          ...meta("reference"),
          "nmf.reference": JSON.stringify([
            {data: "mnist:500", effectiveRank: 1.98, stableRank: 1.56, nuclearRatio: 1.75, frobeniusSquared: 25}
          ])
        }
      )
    );
    const reference = dataReference(decodeExperimentTable(bytes));
    expect(Array.from(reference.singularValues)).toEqual([4, 3]);
    expect(Array.from(reference.eckartYoung)).toEqual([0.36, 0]);
    expect(reference.effectiveRank).toBe(1.98);
    expect(() => dataReference(decodeExperimentTable(bytes), "flowers102")).toThrow('invalid data: "flowers102"');
  });
});

describe("rows of runs and trajectories", () => {
  it("turns a runs row into a caption configuration, leaving out NaN and penalties of zero", () => {
    const config = runConfig({model: "mu", ranks: "10", lr: NaN, initScale: 1, l1: 0, cos: 0, seed: 112, loss: ""});
    expect(config).toMatchObject({model: "mu", ranks: "10", initScale: 1, seed: 112});
    expect(config.lr).toBeUndefined();
    expect(config.loss).toBeUndefined();
    expect("l1" in config).toBe(false);
  });

  it("joins timings onto trajectory rows and reads a value at or before a step", () => {
    const rows = withTimes(
      [
        {run: "a", step: 0, e: 1},
        {run: "a", step: 5, e: 2}
      ],
      [
        {run: "a", step: 5, timeMs: 50},
        {run: "a", step: 0, timeMs: 1}
      ]
    );
    expect(rows.map((r) => r.timeMs)).toEqual([1, 50]);
    expect(valueAt(rows, 4, "e")).toBe(1);
    expect(valueAt(rows, 5, "e")).toBe(2);
  });
});

describe("loadTables", () => {
  const bytes = (table: string) => async () =>
    arrowFileBytes(makeArrowTable({run: [table]}, meta(table))).slice().buffer as ArrayBuffer;
  const files = {runs: bytes("runs"), seeds: bytes("seeds"), verdicts: bytes("verdicts")};

  it("decodes the named tables of an experiment, and only those", async () => {
    const some = await loadTables(files, "verdicts", "seeds");
    expect(Object.keys(some)).toEqual(["verdicts", "seeds"]);
    expect(some.seeds.meta.table).toBe("seeds");
    expect(JSON.parse(JSON.stringify(some.verdicts.rows))).toEqual([{run: "verdicts"}]);
    // Every row knows its table, and a row derived by spreading still does (the figures' data line).
    expect(sourcesOf([{...some.verdicts.rows[0], extra: 1}])).toEqual([
      {experiment: "plateaus", profile: "quick", table: "verdicts"}
    ]);
  });

  it("decodes every table of the module when none is named", async () => {
    const all = await loadTables(files);
    expect(Object.keys(all)).toEqual(["runs", "seeds", "verdicts"]);
    expect(all.verdicts.meta.table).toBe("verdicts");
  });

  it("names a table the module does not list", async () => {
    await expect(loadTables(files, "runs", "jumps" as "runs")).rejects.toThrow(
      "invalid table: jumps (the module lists runs, seeds, verdicts)"
    );
  });
});
