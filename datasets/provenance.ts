import type {Matrix, DataProvenance} from "../engine/index.js";
import {hashMatrix} from "./hash.js";

/** What every loader records about its matrix besides where it came from. */
export interface ProvenanceSource {
  source: string;
  split?: string;
  subset?: number;
  dataSeed?: number;
  imageShape?: [number, number, number];
}

/**
 * Fill in m, n, value range, density (fraction of non-zero entries; missing ones count as neither),
 * the number of missing (NaN) entries when there are any, and the content hash of X.
 */
export function makeProvenance(X: Matrix, from: ProvenanceSource): DataProvenance {
  let min = Infinity;
  let max = -Infinity;
  let nonZero = 0,
    missing = 0;
  for (const v of X.data) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (Number.isNaN(v)) ++missing;
    else if (v !== 0) ++nonZero;
  }
  if (X.data.length === 0) min = max = 0;
  // Keys in the order of DataProvenance, optional ones only when known, so that JSON output reads the same everywhere.
  const provenance: DataProvenance = {
    source: from.source,
    ...(from.split !== undefined && {split: from.split}),
    ...(from.subset !== undefined && {subset: from.subset}),
    ...(from.dataSeed !== undefined && {dataSeed: from.dataSeed}),
    m: X.rows,
    n: X.cols,
    ...(from.imageShape !== undefined && {imageShape: from.imageShape}),
    valueRange: [min, max],
    density: X.data.length === 0 ? 0 : nonZero / X.data.length,
    ...(missing > 0 && {missing}),
    hash: hashMatrix(X)
  };
  return provenance;
}
