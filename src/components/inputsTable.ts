/**
 * Inputs.table (@observablehq/inputs, typed by observablehq-inputs.d.ts) for modules under the source
 * root: the same sortable table the pages draw, with the options the site uses typed.
 */
import * as Inputs from "@observablehq/inputs";

/** The options the site uses, as observablehq-inputs.d.ts types them. */
export type InputsTableOptions = NonNullable<Parameters<typeof Inputs.table>[1]>;

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
