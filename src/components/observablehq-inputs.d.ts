// Types for @observablehq/inputs as modules under the source root use it (the package ships no types).
// Only what they use; see https://github.com/observablehq/inputs#readme.
declare module "@observablehq/inputs" {
  /** An input element whose `value` is the current choice (Framework's `view` reads it). */
  export interface InputElement<T> extends HTMLElement {
    value: T;
  }
  interface ChoiceOptions<T> {
    label?: string;
    value?: T;
    format?: (value: T) => string;
  }
  export function radio<T>(data: Iterable<T>, options?: ChoiceOptions<T>): InputElement<T>;
  export function select<T>(data: Iterable<T>, options?: ChoiceOptions<T>): InputElement<T>;
  export function toggle(options?: {label?: string; value?: boolean}): InputElement<boolean>;
  export function range(
    extent: [number, number],
    options?: {label?: string; step?: number; value?: number}
  ): InputElement<number>;
  export function table<T extends object>(
    data: Iterable<T>,
    options?: {
      columns?: readonly string[];
      header?: Record<string, string>;
      format?: Record<string, (value: any) => string | Node>;
      align?: Record<string, "left" | "right" | "center">;
      layout?: "auto" | "fixed";
      rows?: number;
      select?: boolean;
    }
  ): InputElement<T[]>;
}
