/**
 * Inputs.table (@observablehq/inputs, typed by observablehq-inputs.d.ts) for modules under the source
 * root: the same sortable table the pages draw, with the options the site uses typed.
 */
import * as Inputs from "@observablehq/inputs";

export interface InputsTableOptions {
  /** Columns shown, in order (default: every key of the first row). */
  columns?: readonly string[];
  /** Column headers, by column. */
  header?: Record<string, string>;
  /** How each column's values are written, by column. */
  format?: Record<string, (value: any) => string | Node>;
  align?: Record<string, "left" | "right" | "center">;
  layout?: "auto" | "fixed";
  /** Rows visible without scrolling. */
  rows?: number;
  /** Checkboxes to select rows (the site's tables show, they do not select). */
  select?: boolean;
}

/**
 * A table of plain rows, as `Inputs.table(rows, options)` draws it, that the keyboard can reach: its scrolling
 * box and table take focus (tabindex 0), so a reader without a mouse can scroll it (axe-core's
 * scrollable-region-focusable).
 */
export function inputsTable(rows: readonly Record<string, unknown>[], options: InputsTableOptions = {}): HTMLElement {
  const table = Inputs.table(rows, options) as HTMLElement;
  table.tabIndex = 0;
  table.querySelector("table")?.setAttribute("tabindex", "0");
  return table;
}
