/**
 * The shape of a subcommand. Each subcommand lives in `cli/commands/<name>.ts`, exports one
 * `Command` made with `defineCommand`, and is listed once in `cli/commands/index.ts`.
 *
 * Keep a command file's top-level imports light (types, small helpers): `nmf --help` loads every
 * command file, so heavy modules (the engine, datasets, Arrow) are imported inside `run`.
 */

/**
 * One flag. The kebab-case key in `Command.options` is the flag's name: `"top-k"` is `--top-k`.
 * - `boolean`: present or absent, takes no value.
 * - `string`: any text, or one of `choices`.
 * - `integer`: a whole number (`--iters 1.5` is an error), optionally bounded by `min` / `max`.
 * - `number`: a finite decimal number, optionally bounded.
 * - `integers`: a comma-separated list of integers (`--ranks 20,10`), each bounded by `min` / `max`.
 */
export type OptionSpec =
  | {type: "boolean"; description: string}
  | {
      type: "string";
      description: string;
      valueName?: string;
      choices?: readonly string[];
      default?: string;
      required?: boolean;
    }
  | {
      type: "integer" | "number";
      description: string;
      valueName?: string;
      min?: number;
      max?: number;
      default?: number;
      required?: boolean;
    }
  | {type: "integers"; description: string; valueName?: string; min?: number; max?: number; default?: number[]};

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends {type: "boolean"}
  ? boolean
  : S extends {type: "string"}
    ? string
    : S extends {type: "integers"}
      ? number[]
      : number;

/** Parsed flags: absent ones are undefined unless the spec gives a default. */
export type OptionValues<O extends OptionSpecs> = {[K in keyof O]?: ValueOf<O[K]>};

/** Where a command writes; `main` passes the process's streams, tests may pass their own. */
export interface CommandContext {
  stdout: OutputStream;
  stderr: OutputStream;
}

export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal: progress is then rewritten in place. */
  isTTY?: boolean;
}

export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for `nmf --help`. */
  summary: string;
  /** The synopsis, e.g. `nmf fit --data SPEC --rank R [options]`. */
  usage: string;
  /** Paragraphs printed under the synopsis by `nmf <name> --help`. */
  description?: string;
  examples?: string[];
  options: O;
  /** The option that one bare argument fills, e.g. `dataset` for `nmf fetch mnist`. */
  positional?: string;
  /**
   * Runs the command; resolves to the exit code (default 0). Throw an InputError for bad input
   * (exit 2) and any other Error for a failure (exit 1): `main` prints either as one line.
   */
  run(values: OptionValues<O>, context: CommandContext): Promise<number | void>;
}

/** Identity function that lets TypeScript infer the option value types of `run` from `options`. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/** A command line that cannot be parsed (unknown flag, missing value...): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A run that went wrong in a way the user should hear about in one line, without a stack trace: exit code 1. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}
