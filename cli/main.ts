import {isInputError} from "../engine/index.js";
import {parseOptions} from "./args.js";
import {UsageError, type CommandContext} from "./command.js";
import {commands, findCommand} from "./commands/index.js";
import {commandHelp, globalHelp} from "./help.js";

/**
 * `nmf <command> [options]`. Resolves to the exit code: 0 success, 1 a failed run, 2 bad input
 * (usage errors and InputError). Every error reaches the user as one line, `nmf: <message>`, on
 * stderr; set NMF_DEBUG=1 to also print the stack of unexpected errors.
 */
export async function main(argv: readonly string[], context: CommandContext = processContext()): Promise<number> {
  try {
    return await dispatch(argv, context);
  } catch (error) {
    return report(error, context);
  }
}

async function dispatch(argv: readonly string[], context: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    if (topic === undefined) return (context.stdout.write(globalHelp(commands)), 0);
    return (context.stdout.write(commandHelp(commandNamed(topic))), 0);
  }
  if (name === "--version" || name === "-v") return (context.stdout.write(`${await version()}\n`), 0);
  const command = commandNamed(name);
  const helpAt = rest.findIndex((a) => a === "--help" || a === "-h");
  const terminator = rest.indexOf("--");
  if (helpAt >= 0 && (terminator < 0 || helpAt < terminator)) return (context.stdout.write(commandHelp(command)), 0);
  const values = parseOptions(command, rest);
  return (await command.run(values, context)) ?? 0;
}

function commandNamed(name: string) {
  const command = findCommand(name);
  if (command) return command;
  if (name.startsWith("-")) throw new UsageError(`expected a command before ${name} (see nmf --help)`);
  const names = commands.map((c) => c.name).join(", ");
  throw new UsageError(`unknown command ${JSON.stringify(name)} (commands: ${names}; see nmf --help)`);
}

/** Prints the error as one line and gives the exit code. */
function report(error: unknown, context: CommandContext): number {
  const usage = error instanceof UsageError || isInputError(error);
  const message = error instanceof Error ? error.message : String(error);
  const oneLine =
    message
      .trim()
      .split(/\s*\n\s*/)
      .join(" ") ||
    (error as Error)?.name ||
    "unknown error";
  context.stderr.write(`nmf: ${oneLine}\n`);
  const name = error instanceof Error ? error.name : "";
  const known = usage || ["RunError", "WriteError", "InterruptedError"].includes(name);
  if (process.env.NMF_DEBUG && error instanceof Error && !known) context.stderr.write(`${error.stack}\n`);
  // A signal that stopped a write exits as the shell expects of that signal: 128 + its number.
  const signal = (error as {signal?: NodeJS.Signals}).signal;
  if (name === "InterruptedError" && signal) return 128 + (signalNumbers[signal] ?? 2);
  return usage ? 2 : 1;
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15};

async function version(): Promise<string> {
  const {readFile} = await import("node:fs/promises");
  const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  return `nmf ${manifest.version}`;
}

function processContext(): CommandContext {
  return {stdout: process.stdout, stderr: process.stderr};
}

/** The entry point used by bin/nmf.js: runs, then exits with the code. */
export async function run(argv: readonly string[]): Promise<never> {
  ignoreClosedPipes();
  const code = await main(argv);
  // Wait until both streams have flushed (pipes are asynchronous on some systems), then exit even
  // if a library left a handle open.
  await new Promise((resolve) => process.stdout.write("", resolve));
  await new Promise((resolve) => process.stderr.write("", resolve));
  process.exit(code);
}

/**
 * `nmf fit --json | head -c 20`: the reader leaves, and writes to the closed pipe fail with EPIPE.
 * The output was not wanted any more: drop it quietly (files are written before the summary is
 * printed), instead of an "Unhandled 'error' event" with a stack trace.
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      stream.write = () => true;
    });
  }
}
