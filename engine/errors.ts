/**
 * Bad input: a parameter with a value it cannot take. The message names both, on one line, so
 * that the CLI and the pages can show it as it is: `invalid rank: 0 (must be an integer >= 1)`.
 */
export class InputError extends Error {
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly reason: string
  ) {
    super(`invalid ${parameter}: ${formatValue(value)} (${reason})`);
    this.name = "InputError";
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof Error && error.name === "InputError";
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value);
}
