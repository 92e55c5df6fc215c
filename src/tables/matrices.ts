// Data matrices exactly as the runs read them (float32), fetched only when a page reruns a run in the browser.
import * as Arrow from "apache-arrow";
import {FileAttachment} from "observablehq:stdlib";

/** By data spec: the quick profile's MNIST subset and the default and full profiles' one. */
export const matrices: Record<string, () => Promise<ArrayBuffer>> = {
  "mnist:500": () => FileAttachment("../data/matrices/mnist-500.arrow").arrayBuffer(),
  "mnist:2000": () => FileAttachment("../data/matrices/mnist-2000.arrow").arrayBuffer()
};

/** A matrix file decoded: its shape, its content hash (the runs tables' dataHash) and a copy of X row by row. */
export function decodeMatrix(bytes: ArrayBuffer): {rows: number; cols: number; hash: string; data: Float32Array} {
  const table = Arrow.tableFromIPC(new Uint8Array(bytes));
  const {rows, cols, hash} = JSON.parse(table.schema.metadata.get("matrix") ?? "{}") as {
    rows: number;
    cols: number;
    hash: string;
  };
  return {rows, cols, hash, data: Float32Array.from(table.getChild("values")!.toArray() as Float32Array)};
}
