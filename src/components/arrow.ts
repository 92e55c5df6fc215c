/**
 * Reading the site's Arrow files in pages. Loaders write matrices as a `FixedSizeList` column (one
 * row per list) in one record batch, and JSON values in the schema metadata. Pages decode with
 * `Arrow.tableFromIPC(await FileAttachment("data/x.arrow").arrayBuffer())`: `.arrow()` would
 * fetch apache-arrow from a CDN (see docs/site.md, "Building without a network").
 */
import type {Table} from "apache-arrow";

/** A dense row-major matrix of any numeric typed array; same layout as the engine's Matrix. */
export interface TableMatrix<T extends ArrayLike<number> = ArrayLike<number>> {
  rows: number;
  cols: number;
  data: T;
}

/**
 * A FixedSizeList column as a matrix (rows = table rows, cols = list size), without copying when
 * the table has one record batch; a flat numeric column needs `cols`.
 */
export function matrixFromColumn(table: Table, column: string, {cols}: {cols?: number} = {}): TableMatrix {
  const vector = table.getChild(column);
  if (!vector)
    throw new RangeError(`invalid column: ${JSON.stringify(column)} (columns: ${table.schema.names.join(", ")})`);
  const type = vector.type as {listSize?: number};
  if (type.listSize !== undefined) {
    const size = type.listSize;
    const parts = vector.data.map((data) => {
      const child = data.children[0];
      const start = (child.offset + data.offset * size) | 0;
      return (child.values as Uint8Array).subarray(start, start + data.length * size);
    });
    return {rows: vector.length, cols: size, data: concat(parts)};
  }
  if (!(cols !== undefined && Number.isInteger(cols) && cols >= 1 && vector.length % cols === 0))
    throw new RangeError(`invalid cols: ${cols} (column ${column} has ${vector.length} values)`);
  const values = vector.toArray() as ArrayLike<number>;
  return {rows: vector.length / cols, cols, data: values};
}

/** A schema metadata value parsed as JSON; throws when the key is missing. */
export function metadataJson<T = unknown>(table: Table, key: string): T {
  const text = table.schema.metadata.get(key);
  if (text === undefined)
    throw new RangeError(
      `invalid metadata key: ${JSON.stringify(key)} (keys: ${[...table.schema.metadata.keys()].join(", ")})`
    );
  return JSON.parse(text) as T;
}

function concat<T extends Uint8Array>(parts: T[]): T {
  if (parts.length === 1) return parts[0];
  const length = parts.reduce((s, p) => s + p.length, 0);
  const out = new (parts[0].constructor as new (n: number) => T)(length);
  let offset = 0;
  for (const part of parts) (out.set(part, offset), (offset += part.length));
  return out;
}
