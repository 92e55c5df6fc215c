import {describe, expect, it} from "vitest";
import {formatCsv, parseCsv, shortestFloat32} from "../../io/csv.js";

describe("parseCsv", () => {
  it("reads rows of numbers, with CRLF, spaces, a byte-order mark and blank lines", () => {
    expect(parseCsv("\ufeff1, 2.5 ,-3e-2\r\n\r\n4,5,6\r\n\n")).toEqual({
      rows: 2,
      cols: 3,
      data: new Float64Array([1, 2.5, -0.03, 4, 5, 6]),
      header: undefined
    });
  });

  it("takes a first line of non-numeric cells as the header", () => {
    const csv = parseCsv('a,"b, c",\n1,2,3\n');
    expect(csv.header).toEqual(["a", "b, c", ""]);
    expect([csv.rows, csv.cols]).toEqual([1, 3]);
    expect(csv.data).toEqual(new Float64Array([1, 2, 3]));
  });

  it("never takes a first line of NaN, Infinity or empty cells as a header: it is a data row, refused", () => {
    for (const first of ["NaN,NaN,NaN", "Infinity,-Infinity,inf", ",,", "nan, ,INF", '"NaN",""," "']) {
      expect(() => parseCsv(`${first}\n1,2,3\n`, "d.csv"), first).toThrow(
        /^invalid file: "d\.csv" \(non-numeric cell at row 1, column 1: /
      );
    }
    // Text beside them makes it a header only if no cell could be a number.
    expect(() => parseCsv("a,NaN,c\n1,2,3\n", "d.csv")).toThrow(/row 1, column 1: "a" is not a finite number/);
    expect(parseCsv("a,,c\n1,2,3\n").header).toEqual(["a", "", "c"]);
  });

  it("reads quoted numbers", () => {
    expect(parseCsv('"1","2"\n').data).toEqual(new Float64Array([1, 2]));
  });

  it("rejects a first line mixing text and numbers, naming the cell", () => {
    expect(() => parseCsv("1,x,3\n4,5,6\n", "d.csv")).toThrow(
      'invalid file: "d.csv" (non-numeric cell at row 1, column 2: "x" is not a finite number)'
    );
  });

  it("rejects non-numeric cells, naming row, column and line", () => {
    expect(() => parseCsv("a,b\n1,2\n3,abc\n", "d.csv")).toThrow(
      /non-numeric cell at row 2, column 2 \(line 3\): "abc" is not a finite number/
    );
    expect(() => parseCsv("1,2\n3,\n", "d.csv")).toThrow(/non-numeric cell at row 2, column 2: empty cell/);
    for (const cell of ["NaN", "Infinity", "1e999", "0x10", "5e3x", "--1"]) {
      expect(() => parseCsv(`1,${cell}\n`), cell).toThrow(/non-numeric cell at row 1, column 2/);
    }
  });

  it("rejects ragged rows, naming the row", () => {
    expect(() => parseCsv("1,2,3\n4,5\n", "d.csv")).toThrow(
      'invalid file: "d.csv" (ragged rows: row 2 has 2 cells, expected 3)'
    );
    expect(() => parseCsv("x,y\n1,2\n\n4,5,6\n")).toThrow(/ragged rows: row 2 \(line 4\) has 3 cells, expected 2/);
  });

  it("rejects an empty file and an unterminated quote", () => {
    expect(() => parseCsv("", "d.csv")).toThrow('invalid file: "d.csv" (empty file)');
    expect(() => parseCsv("\n \r\n")).toThrow(/empty file/);
    expect(() => parseCsv('1,"2\n')).toThrow(/unterminated quote on line 1/);
  });
});

describe("formatCsv", () => {
  it("round-trips float32 values exactly with the shortest decimals", () => {
    const data = new Float32Array([0.1, 1 / 3, -2, 1e-30, 3.4e38, 0, 123456.789, Math.PI]);
    const text = formatCsv({rows: 2, cols: 4, data});
    expect(text.split("\n")[0]).toBe("0.1,0.33333334,-2,1e-30");
    expect(Float32Array.from(parseCsv(text).data)).toEqual(data);
  });

  it("round-trips float64 and uint8 values", () => {
    const doubles = new Float64Array([0.1, 1 / 3, 1e-300, -1e300]);
    expect(parseCsv(formatCsv({rows: 2, cols: 2, data: doubles}, {dtype: "float64"})).data).toEqual(doubles);
    const bytes = new Uint8Array([0, 7, 255, 128]);
    const text = formatCsv({rows: 1, cols: 4, data: bytes}, {dtype: "uint8"});
    expect(text).toBe("0,7,255,128\n");
    expect(() => formatCsv({rows: 1, cols: 1, data: [0.5]}, {dtype: "uint8"})).toThrow(/as uint8/);
  });

  it("writes a header that reads back as one", () => {
    const text = formatCsv({rows: 1, cols: 3, data: [1, 2, 3]}, {header: ["a", 'say "hi", then', " c"]});
    expect(parseCsv(text).header).toEqual(["a", 'say "hi", then', "c"]);
    expect(() => formatCsv({rows: 1, cols: 1, data: [1]}, {header: ["1"]})).toThrow(/would read back as a number/);
  });

  it("refuses values CSV cannot hold", () => {
    expect(() => formatCsv({rows: 1, cols: 2, data: [1, NaN]})).toThrow(/NaN at row 1, column 2/);
  });
});

describe("shortestFloat32", () => {
  it("gives the shortest decimal that reads back as the same float32", () => {
    expect(shortestFloat32(Math.fround(0.1))).toBe("0.1");
    expect(shortestFloat32(0.1)).toBe("0.1");
    expect(shortestFloat32(16777217)).toBe("16777216");
    for (let k = 0; k < 1000; ++k) {
      const v = Math.fround(Math.sin(k) * 10 ** ((k % 40) - 20));
      expect(Math.fround(Number(shortestFloat32(v)))).toBe(v);
    }
  });
});
