import {parseArgs} from "node:util";
import {InputError} from "../engine/index.js";
import {UsageError, type Command, type OptionSpec, type OptionSpecs, type OptionValues} from "./command.js";

/**
 * Parses a subcommand's arguments strictly with node:util parseArgs, then converts each value by
 * its spec. Every problem is one line naming the flag (and the value when there is one):
 * unknown flags, missing values, flags given twice, stray arguments (UsageError); values of the
 * wrong type or out of range (InputError with the flag as parameter). Both exit with code 2.
 */
export function parseOptions<O extends OptionSpecs>(command: Command<O>, args: readonly string[]): OptionValues<O> {
  const specs: Record<string, OptionSpec> = command.options;
  const config = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, {type: spec.type === "boolean" ? "boolean" : "string"} as const])
  );
  let parsed: {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
    tokens: {kind: string; name?: string}[];
  };
  const allowPositionals = command.positional !== undefined;
  try {
    parsed = parseArgs({args: [...args], options: config, strict: true, allowPositionals, tokens: true});
  } catch (error) {
    throw usageError(error, command);
  }
  if (command.positional !== undefined && parsed.positionals.length > 0) {
    const name = command.positional;
    if (parsed.positionals.length > 1)
      throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[1])}`);
    if (parsed.values[name] !== undefined)
      throw new UsageError(`--${name} is given twice (as a flag and as an argument)`);
    parsed.values[name] = parsed.positionals[0];
    parsed.tokens.push({kind: "option", name});
  }
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once`);
    seen.add(token.name);
  }

  // The values given are checked first, in command-line order, then the missing flags.
  const values: Record<string, unknown> = {};
  for (const token of parsed.tokens) {
    if (token.kind !== "option" || token.name === undefined) continue;
    const raw = parsed.values[token.name];
    values[token.name] = typeof raw === "boolean" ? raw : convert(`--${token.name}`, raw!, specs[token.name]);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (values[name] !== undefined) continue;
    if ("required" in spec && spec.required) throw new UsageError(`missing --${name} (see nmf ${command.name} --help)`);
    if ("default" in spec && spec.default !== undefined) values[name] = spec.default;
  }
  return values as OptionValues<O>;
}

/** Converts one flag's text to its typed value, or throws an InputError naming the flag and the text. */
export function convert(flag: string, text: string, spec: OptionSpec): string | number | number[] | boolean {
  switch (spec.type) {
    case "boolean":
      return true;
    case "string":
      if (spec.choices && !spec.choices.includes(text)) {
        throw new InputError(flag, text, `must be one of ${spec.choices.join(", ")}`);
      }
      if (text === "") throw new InputError(flag, text, "must not be empty");
      return text;
    case "integer":
    case "number":
      return bounded(flag, text, parseNumber(flag, text, spec.type), spec);
    case "integers": {
      const items = text.split(",").map((item) => item.trim());
      if (items.some((item) => item === "")) {
        throw new InputError(flag, text, "must be a comma-separated list of integers, e.g. 20,10");
      }
      return items.map((item) => {
        if (!/^[+-]?\d+$/.test(item) || !Number.isSafeInteger(Number(item))) {
          throw new InputError(flag, text, `${JSON.stringify(item)} is not an integer`);
        }
        return bounded(flag, text, Number(item), spec);
      });
    }
  }
}

function parseNumber(flag: string, text: string, type: "integer" | "number"): number {
  const trimmed = text.trim();
  if (type === "integer") {
    if (!/^[+-]?\d+$/.test(trimmed) || !Number.isSafeInteger(Number(trimmed))) {
      throw new InputError(flag, text, "must be an integer");
    }
    return Number(trimmed);
  }
  // Number("") is 0 and Number("0x10") is 16: accept decimal notation only.
  const value = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isFinite(value)) throw new InputError(flag, text, "must be a finite number");
  return value;
}

function bounded(flag: string, text: string, value: number, spec: {min?: number; max?: number}): number {
  if (spec.min !== undefined && value < spec.min) throw new InputError(flag, text, `must be >= ${spec.min}`);
  if (spec.max !== undefined && value > spec.max) throw new InputError(flag, text, `must be <= ${spec.max}`);
  return value;
}

/** Rewrites parseArgs's errors (several lines, with hints for other programs) as one line. */
function usageError(error: unknown, command: Command<OptionSpecs>): Error {
  const code = (error as {code?: string}).code;
  const message = (error as Error).message ?? String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? "";
  const flag = quoted.replace(/ <value>$/, "");
  const help = `see nmf ${command.name} --help`;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const suggestion = closest(flag.replace(/^-+/, ""), Object.keys(command.options));
    return new UsageError(
      `unknown option ${flag} for nmf ${command.name}${suggestion ? ` (did you mean --${suggestion}?)` : ` (${help})`}`
    );
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (/does not take an argument/.test(message)) return new UsageError(`${flag} takes no value`);
    if (/ambiguous/.test(message)) {
      return new UsageError(`missing value for ${flag} (for a value starting with "-", write ${flag}=VALUE)`);
    }
    return new UsageError(`missing value for ${flag}`);
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return new UsageError(
      `unexpected argument ${JSON.stringify(quoted)} (nmf ${command.name} takes only --options; ${help})`
    );
  }
  return new UsageError(message.split("\n")[0]);
}

/** The known name nearest to `name`, if close: 1 edit (2 for longer names), or the same first 4 letters. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const samePrefix = Math.min(name.length, candidate.length) >= 4 && name.slice(0, 4) === candidate.slice(0, 4);
    const d = Math.min(editDistance(name, candidate), samePrefix ? 2 : Infinity);
    if (d < bestDistance) ((best = candidate), (bestDistance = d));
  }
  return bestDistance <= (name.length <= 4 ? 1 : 2) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; ++i) {
    const current = [i];
    for (let j = 1; j <= b.length; ++j) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
