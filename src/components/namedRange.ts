/**
 * Inputs.range with both of its controls named: Inputs labels the number box only, so the slider gets the
 * same name as an aria-label (axe-core: every form control needs an accessible name).
 */
import * as Inputs from "@observablehq/inputs";

export function namedRange(
  extent: [number, number],
  options: {label: string; step?: number; value?: number}
): Inputs.InputElement<number> {
  const input = Inputs.range(extent, options);
  input.querySelector("input[type=range]")?.setAttribute("aria-label", options.label);
  return input;
}
