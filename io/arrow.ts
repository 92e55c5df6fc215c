import {
  Bool,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Uint8,
  Utf8,
  vectorFromArray,
  type Data,
  type DataType
} from "apache-arrow";
import {writeFileAtomic} from "./atomicWrite.js";
import {fileError, readInputFile} from "./inputFile.js";

/**
 * Arrow IPC *file* format ("Feather v2"), the format `pd.read_feather`, `pl.read_ipc` and
 * `pyarrow.ipc.open_file` read, and `Arrow.tableFromIPC` in the browser.
 * Reference: https://arrow.apache.org/docs/format/Columnar.html#ipc-file-format
 *
 * Tables are written as one record batch, so a column's `toArray()` is a zero-copy typed array.
 */

/** A fixed-size list column: `listSize` values per row, row after row in `values`. */
export interface FixedSizeListColumn {
  listSize: number;
  values: Float64Array | Float32Array | Uint8Array;
}

/** A boolean column (Arrow Bool), e.g. whether each run converged. */
export interface BooleanColumn {
  booleans: readonly boolean[];
}

/** What a column may hold: a plain numeric column, a fixed-size list per row, booleans, or strings. */
export type ColumnValues =
  Int32Array | Float64Array | Float32Array | Uint8Array | FixedSizeListColumn | BooleanColumn | string[];

/**
 * A table of one record batch from named columns of equal length, in the given order. `metadata`
 * goes into the schema's custom metadata (string to string), in insertion order.
 */
export function makeArrowTable(columns: Record<string, ColumnValues>, metadata: Record<string, string> = {}): Table {
  const names = Object.keys(columns);
  const datas = names.map((name) => columnData(name, columns[name]));
  const length = datas.length ? datas[0].length : 0;
  datas.forEach((data, i) => {
    if (data.length !== length) throw new RangeError(`column ${names[i]} has ${data.length} rows, expected ${length}`);
  });
  const fields = datas.map((data, i) => new Field(names[i], data.type, false));
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  const struct = makeData({type: new Struct(fields), length, nullCount: 0, children: datas});
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

function columnData(name: string, values: ColumnValues): Data<DataType> {
  if (values instanceof Int32Array) return makeData({type: new Int32(), data: values});
  if (values instanceof Float64Array) return makeData({type: new Float64(), data: values});
  if (values instanceof Float32Array) return makeData({type: new Float32(), data: values});
  if (values instanceof Uint8Array) return makeData({type: new Uint8(), data: values});
  if (Array.isArray(values)) return vectorFromArray(values, new Utf8()).data[0];
  if ("booleans" in values) return vectorFromArray(values.booleans as boolean[], new Bool()).data[0];
  const {listSize, values: flat} = values;
  if (!(Number.isInteger(listSize) && listSize >= 1) || flat.length % listSize !== 0) {
    throw new RangeError(`column ${name}: ${flat.length} values do not make rows of ${listSize}`);
  }
  const child =
    flat instanceof Float64Array
      ? makeData({type: new Float64(), data: flat})
      : flat instanceof Float32Array
        ? makeData({type: new Float32(), data: flat})
        : makeData({type: new Uint8(), data: flat});
  const type = new FixedSizeList(listSize, new Field("item", child.type, false));
  return makeData({type, length: flat.length / listSize, nullCount: 0, child});
}

/** The bytes of an Arrow IPC file holding `table`. */
export function arrowFileBytes(table: Table): Uint8Array {
  return tableToIPC(table, "file");
}

/** Writes `table` as an Arrow IPC file, atomically. */
export async function writeArrowFile(path: string, table: Table): Promise<void> {
  await writeFileAtomic(path, arrowFileBytes(table));
}

/** Reads an Arrow IPC file (or stream). */
export async function readArrowFile(path: string): Promise<Table> {
  const bytes = await readInputFile(path);
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw fileError(path, `not an Arrow IPC file (${(error as Error).message.split("\n")[0]})`);
  }
}
