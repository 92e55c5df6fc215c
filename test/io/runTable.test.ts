import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {RecordBatchReader, tableFromIPC, Type} from "apache-arrow";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {DataProvenance, FitResult} from "../../engine/types.js";
import {arrowFileBytes, makeArrowTable} from "../../io/arrow.js";
import {readRunFile, RUN_METADATA_KEY, runFromTable, trajectoryTable, writeRunFile} from "../../io/runTable.js";

/** A small hand-made result: three recorded steps, top 2 singular values and alignments. */
function exampleResult(): FitResult {
  return {
    options: {
      model: "mu",
      ranks: [2],
      iterations: 20,
      lr: 0.01,
      init: "random",
      initScale: 1,
      seed: 7,
      loss: "global",
      precision: "float64"
    },
    factors: [],
    trajectory: {
      step: new Int32Array([0, 10, 20]),
      timeMs: new Float64Array([0, 1.5, 3.25]),
      relativeError: new Float64Array([0.9, 0.5, 0.4]),
      error: new Float64Array([81, 25, 16]),
      objective: new Float64Array([81, 25, 16]),
      effectiveRank: new Float64Array([1.1, 1.6, 1.9]),
      nuclearRatio: new Float64Array([0.1, 0.2, 0.3]),
      stableRank: new Float64Array([1, 1.2, 1.4]),
      modesLearned: new Int32Array([0, 1, 2]),
      cosineSeparation: new Float64Array([0.5, 0.6, 0.7]),
      topK: 2,
      singularValues: new Float64Array([3, 0.1, 4, 1, 5, 2]),
      modeAlignment: new Float64Array([12, -0.2, 1.1, 0.4, 0.98, 0.7])
    },
    plateaus: [{start: 10, end: 20, level: 1.75}],
    iterations: 20,
    stopReason: "iterations",
    wallMs: 3.5
  };
}

const provenance: DataProvenance = {
  source: "test:planted",
  m: 4,
  n: 3,
  valueRange: [0, 1],
  density: 0.5,
  hash: "0123456789abcdef"
};

describe("trajectoryTable", () => {
  let folder: string;
  beforeAll(async () => void (folder = await mkdtemp(join(tmpdir(), "nmf-arrow-"))));
  afterAll(() => rm(folder, {recursive: true, force: true}));

  it("writes one row per recorded step with typed columns and fixed-size lists of singular values and alignments", () => {
    const table = tableFromIPC(arrowFileBytes(trajectoryTable(exampleResult(), {data: provenance})));
    expect(table.numRows).toBe(3);
    expect(table.batches.length).toBe(1);
    expect(table.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "step: Int32",
      "timeMs: Float64",
      "relativeError: Float64",
      "error: Float64",
      "objective: Float64",
      "effectiveRank: Float64",
      "nuclearRatio: Float64",
      "stableRank: Float64",
      "modesLearned: Int32",
      "cosineSeparation: Float64",
      "singularValues: FixedSizeList[2]<Float64>",
      "modeAlignment: FixedSizeList[2]<Float64>"
    ]);
    expect(table.getChild("relativeError")!.toArray()).toEqual(new Float64Array([0.9, 0.5, 0.4]));
    expect(table.getChild("step")!.toArray()).toEqual(new Int32Array([0, 10, 20]));
    const singular = table.getChild("singularValues")!;
    expect(singular.type.typeId).toBe(Type.FixedSizeList);
    expect(Array.from(singular.get(1)!.toArray())).toEqual([4, 1]);
    expect(Array.from(table.getChild("modeAlignment")!.get(2)!.toArray())).toEqual([0.98, 0.7]);
  });

  it("keeps the run's configuration and data provenance as JSON metadata, without callbacks", () => {
    const onRecord = () => {};
    const table = trajectoryTable(exampleResult(), {
      data: provenance,
      options: {model: "mu", ranks: [2], iterations: 20, tol: 1e-6, earlyStop: {patience: 50}, onRecord},
      experiment: "unit"
    });
    const metadata = JSON.parse(table.schema.metadata.get(RUN_METADATA_KEY)!);
    expect(metadata).toEqual({
      format: "nmf.run/2",
      experiment: "unit",
      options: {
        model: "mu",
        ranks: [2],
        iterations: 20,
        lr: 0.01,
        init: "random",
        initScale: 1,
        seed: 7,
        loss: "global",
        precision: "float64",
        tol: 1e-6,
        earlyStop: {patience: 50}
      },
      result: {
        iterations: 20,
        stopReason: "iterations",
        wallMs: 3.5,
        plateaus: [{start: 10, end: 20, level: 1.75}],
        topK: 2
      },
      data: provenance
    });
  });

  it("gives byte-identical files for the same inputs, whatever the key order", () => {
    const a = arrowFileBytes(trajectoryTable(exampleResult(), {data: provenance, options: {tol: 0, seed: 7}}));
    const b = arrowFileBytes(trajectoryTable(exampleResult(), {data: {...provenance}, options: {seed: 7, tol: 0}}));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const changed = exampleResult();
    changed.trajectory.error[1] = 26;
    expect(Buffer.from(arrowFileBytes(trajectoryTable(changed, {data: provenance}))).equals(Buffer.from(a))).toBe(
      false
    );
  });

  it("is an Arrow IPC file that reads back into the same trajectory and metadata", async () => {
    const path = join(folder, "run.arrow");
    const result = exampleResult();
    await writeRunFile(path, result, {data: provenance});
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 6).toString()).toBe("ARROW1");
    expect(bytes.subarray(bytes.length - 6).toString()).toBe("ARROW1");
    const reader = RecordBatchReader.from(bytes).open();
    expect(reader.isFile()).toBe(true);
    expect([...reader].length).toBe(1);
    const {trajectory, metadata} = await readRunFile(path);
    expect(trajectory).toEqual(result.trajectory);
    expect(metadata.data).toEqual(provenance);
    expect(metadata.result.stopReason).toBe("iterations");
  });

  it("reads back a table without singular values and rejects one without run metadata", () => {
    const result = exampleResult();
    result.trajectory = {
      ...result.trajectory,
      topK: 0,
      singularValues: new Float64Array(0),
      modeAlignment: new Float64Array(0)
    };
    const table = tableFromIPC(arrowFileBytes(trajectoryTable(result, {data: provenance})));
    expect(table.getChild("singularValues")).toBeNull();
    expect(table.getChild("modeAlignment")).toBeNull();
    expect(runFromTable(table).trajectory.singularValues.length).toBe(0);
    expect(runFromTable(table).trajectory.modeAlignment.length).toBe(0);
    expect(() => runFromTable(makeArrowTable({x: new Float64Array(1)}), "x.arrow")).toThrow(/not a run file/);
  });

  it("rejects a run file of format 1 (modesLearned from sorted spectra, no alignment) with a clear error", () => {
    const table = trajectoryTable(exampleResult(), {data: provenance});
    const metadata = JSON.parse(table.schema.metadata.get(RUN_METADATA_KEY)!);
    const old = makeArrowTable(
      {step: new Int32Array([0])},
      {[RUN_METADATA_KEY]: JSON.stringify({...metadata, format: "nmf.run/1"})}
    );
    expect(() => runFromTable(old, "old.arrow")).toThrow(
      'invalid file: "old.arrow" (run format "nmf.run/1", this version reads nmf.run/2: rerun the fit)'
    );
  });
});

describe("makeArrowTable", () => {
  it("holds string and float32 columns and rejects columns of different lengths", () => {
    const table = tableFromIPC(arrowFileBytes(makeArrowTable({name: ["a", "b"], value: new Float32Array([1, 2])})));
    expect(table.getChild("name")!.toArray()).toEqual(["a", "b"]);
    expect(table.getChild("value")!.toArray()).toEqual(new Float32Array([1, 2]));
    expect(() => makeArrowTable({a: new Float64Array(2), b: new Float64Array(3)})).toThrow(/column b has 3 rows/);
    expect(() => makeArrowTable({a: {listSize: 2, values: new Float64Array(3)}})).toThrow(/rows of 2/);
  });
});
