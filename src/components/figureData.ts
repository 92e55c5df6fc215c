/**
 * The data behind a figure: the rows it draws, offered as a CSV built in the browser from what the page
 * already loaded, and the `npx nmf` command that recomputes the table they come from.
 *
 * Every row decoded from an experiment's table carries its origin under an enumerable symbol key
 * (`tagRows`, called by experimentTables.ts): object spread (`{...row, x}`) copies it, so rows derived
 * by spreading keep it, while JSON, `Object.keys` and Plot never see it. `plotChart` records the rows
 * of every mark, `figureElement` gathers the records of its parts and writes the line under the figure.
 * Points derived from rows (new objects) lose the tag; their figure's caption names the experiment
 * (caption.ts notes the sentences it writes, `noteSource`). Rows that no experiment computes (a spectrum
 * from a slider, a run in the reader's browser, the digits loader) say what computes them (`computed`).
 */

/** Where a figure's rows come from: an experiment (and its table, when known), as `nmf experiment` writes it. */
export interface TableSource {
  experiment: string;
  profile: string;
  table?: string;
}

/** What a chart or image grid draws: its rows, their tables, or where the page computed them. */
export interface FigureData {
  rows: readonly object[];
  sources: TableSource[];
  /** Set when the rows are computed in the page (no experiment recomputes them): what computes them. */
  computed?: string;
}

const SOURCE = Symbol.for("nmf.tableSource");
// On the elements and on globalThis under registered symbols, not in module variables: a page may load this
// module twice (a page's own import and a bundle's copy), and both copies must see the same records.
const RECORD = Symbol.for("nmf.figureData");
const STATED = Symbol.for("nmf.statedSources");
/** Sentences that state a configuration (caption.ts), with the experiment they name. */
const statedSources: Map<string, TableSource> = ((globalThis as Record<symbol, unknown>)[STATED] ??= new Map()) as Map<
  string,
  TableSource
>;
const recorded = {
  get: (element: Element) => (element as unknown as Record<symbol, FigureData | undefined>)[RECORD],
  set: (element: Element, data: FigureData) => {
    (element as unknown as Record<symbol, FigureData>)[RECORD] = data;
  }
};

/**
 * Remembers the experiment that a caption sentence names (caption.ts's `caption` and `experimentNote` call it):
 * a figure whose caption holds the sentence comes from that experiment, even when it draws points derived from
 * the table rows rather than the rows themselves.
 */
export function noteSource(sentence: string, source: TableSource): void {
  if (sentence.length >= 20) statedSources.set(sentence, source);
}

/** The experiments named by the sentences a caption holds. */
export function sourcesInCaption(caption: string | Node | undefined | null): TableSource[] {
  const text =
    caption === undefined || caption === null
      ? ""
      : typeof caption === "string"
        ? caption
        : (caption.textContent ?? "");
  if (!text) return [];
  const found = new Map<string, TableSource>();
  for (const [sentence, source] of statedSources) if (text.includes(sentence)) found.set(command(source), source);
  return [...found.values()];
}

/** The sources of both lists, each command once (the first list's entries first: they name their table). */
export function mergeSources(a: readonly TableSource[], b: readonly TableSource[]): TableSource[] {
  const found = new Map<string, TableSource>();
  for (const source of [...a, ...b]) if (!found.has(command(source))) found.set(command(source), source);
  return [...found.values()];
}

/** Marks every row (and every typed list value in it) as coming from that table. */
export function tagRows(rows: readonly object[], source: TableSource): void {
  for (const row of rows) {
    (row as Record<symbol, TableSource>)[SOURCE] = source;
    for (const value of Object.values(row))
      if (ArrayBuffer.isView(value)) (value as unknown as Record<symbol, TableSource>)[SOURCE] = source;
  }
}

/** The distinct tables that the rows (or typed arrays) came from. */
export function sourcesOf(items: Iterable<unknown>): TableSource[] {
  const found = new Map<string, TableSource>();
  for (const item of items) {
    const source = item && typeof item === "object" ? (item as Record<symbol, TableSource>)[SOURCE] : undefined;
    if (source && !found.has(command(source))) found.set(command(source), source);
  }
  return [...found.values()];
}

/** Records what an element (a chart, an image grid) draws, for the figure that will hold it. */
export function recordData(element: Element, data: FigureData): void {
  recorded.set(element, data);
}

/**
 * Everything recorded on the elements and inside them, merged (rows de-duplicated by identity). Records sit on
 * charts (svg, or Plot's figure), canvases and figures: only those are looked at, not every path of a chart.
 */
export function collectData(elements: readonly Element[]): FigureData | undefined {
  const parts: FigureData[] = [];
  // A figure inside the parts already offers its own data: what it holds is not offered twice.
  const own = (element: Element) => !element.closest("[data-data-line]");
  for (const element of elements)
    for (const inner of [element, ...Array.from(element.querySelectorAll("svg, figure, canvas"))]) {
      const data = recorded.get(inner);
      if (data && own(inner)) parts.push(data);
    }
  if (parts.length === 0) return undefined;
  const rows = [...new Set(parts.flatMap((p) => p.rows))];
  const sources = parts.reduce<TableSource[]>((all, p) => mergeSources(all, p.sources), []);
  const computed = [...new Set(parts.map((p) => p.computed).filter((c): c is string => c !== undefined))];
  return {rows, sources, ...(computed.length ? {computed: computed.join("; ")} : {})};
}

/** Writes the data line at the end of a figure (once) and records the figure's data on it. */
export function appendDataLine(figure: HTMLElement, data: FigureData, name: string): void {
  recordData(figure, data);
  figure.append(dataLine(data, name));
  figure.setAttribute("data-data-line", "");
}

/** The command that recomputes a table, and the file it writes. */
export function command(source: TableSource): string {
  return `npx nmf experiment ${source.experiment} --profile ${source.profile} --out out/`;
}

/** The rows as CSV: one column per key met (in order of appearance), typed arrays as space-separated values. */
export function toCsv(rows: readonly object[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), columns.push(key));
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows)
    lines.push(columns.map((key) => csvField(csvValue((row as Record<string, unknown>)[key]))).join(","));
  return `${lines.join("\n")}\n`;
}

function csvValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>).join(" ");
  if (Array.isArray(value)) return value.join(" ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The line under a figure: a "Data (CSV)" button that saves the rows (built on click), then the command of
 * each table they come from and the file it writes, or where the page computed them.
 */
export function dataLine(data: FigureData, name: string): HTMLElement {
  const line = document.createElement("div");
  line.className = "figure-data";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "figure-data-csv";
  button.textContent = "Data (CSV)";
  button.setAttribute("aria-label", `Data (CSV) of ${name}: ${data.rows.length} rows`);
  button.addEventListener("click", () => save(toCsv(data.rows), `${fileName(data, name)}.csv`));
  line.append(button);
  for (const source of data.sources) {
    const code = document.createElement("code");
    code.className = "figure-data-command";
    code.textContent = command(source);
    line.append(" ", code, source.table ? ` (writes out/${source.table}.arrow)` : "");
  }
  if (data.computed !== undefined || data.sources.length === 0) {
    const note = document.createElement("span");
    note.className = "figure-data-computed";
    note.textContent =
      data.computed !== undefined ? `Not from an experiment: ${data.computed}.` : "Source not recorded.";
    line.append(" ", note);
  }
  return line;
}

function fileName(data: FigureData, name: string): string {
  const source = data.sources[0];
  const base = source ? [source.experiment, source.table].filter(Boolean).join("-") : name;
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "figure"
  );
}

function save(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], {type: "text/csv"}));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
