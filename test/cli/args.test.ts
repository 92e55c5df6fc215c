import {describe, expect, it} from "vitest";
import {parseOptions} from "../../cli/args.js";
import {defineCommand} from "../../cli/command.js";
import {commandHelp} from "../../cli/help.js";

const command = defineCommand({
  name: "demo",
  summary: "a command for tests",
  usage: "nmf demo --data SPEC",
  options: {
    data: {type: "string", required: true, description: "the data"},
    model: {type: "string", choices: ["mu", "deep"], default: "mu", description: "the model"},
    iters: {type: "integer", min: 1, default: 100, description: "iterations"},
    lr: {type: "number", description: "learning rate"},
    ranks: {type: "integers", min: 1, description: "ranks"},
    json: {type: "boolean", description: "JSON output"}
  },
  async run() {}
});

const parse = (...args: string[]) => parseOptions(command, args);

describe("parseOptions", () => {
  it("converts each flag by its type and fills in defaults", () => {
    expect(parse("--data", "mnist:200", "--lr", "1e-3", "--ranks", "20, 10", "--json")).toEqual({
      data: "mnist:200",
      model: "mu",
      iters: 100,
      lr: 0.001,
      ranks: [20, 10],
      json: true
    });
    expect(parse("--data=x.npy", "--iters=7", "--lr=-0.5").iters).toBe(7);
    expect(parse("--data=x.npy", "--lr=-0.5").lr).toBe(-0.5);
  });

  it("names the flag and the value of a wrong type", () => {
    expect(() => parse("--data", "x", "--iters", "1.5")).toThrow('invalid --iters: "1.5" (must be an integer)');
    expect(() => parse("--data", "x", "--iters", "abc")).toThrow('invalid --iters: "abc" (must be an integer)');
    expect(() => parse("--data", "x", "--iters", "0")).toThrow('invalid --iters: "0" (must be >= 1)');
    expect(() => parse("--data", "x", "--lr", "fast")).toThrow('invalid --lr: "fast" (must be a finite number)');
    expect(() => parse("--data", "x", "--lr", "Infinity")).toThrow(/invalid --lr/);
    expect(() => parse("--data", "x", "--lr", "")).toThrow(/invalid --lr/);
    expect(() => parse("--data", "x", "--ranks", "20,a")).toThrow('invalid --ranks: "20,a" ("a" is not an integer)');
    expect(() => parse("--data", "x", "--ranks", "20,")).toThrow(/invalid --ranks: "20,"/);
    expect(() => parse("--data", "x", "--model", "nope")).toThrow('invalid --model: "nope" (must be one of mu, deep)');
  });

  it("rejects unknown flags, suggesting a near one", () => {
    expect(() => parse("--data", "x", "--bogus")).toThrow("unknown option --bogus for nmf demo (see nmf demo --help)");
    expect(() => parse("--data", "x", "--iterations", "5")).toThrow(
      /unknown option --iterations .*did you mean --iters\?/
    );
    expect(() => parse("-x")).toThrow(/unknown option -x/);
  });

  it("rejects missing values, repeated flags, values given to booleans and stray arguments", () => {
    expect(() => parse("--data")).toThrow("missing value for --data");
    expect(() => parse("--data", "x", "--lr", "--json")).toThrow(/missing value for --lr \(for a value starting/);
    expect(() => parse("--data", "x", "--iters", "3", "--iters", "4")).toThrow("--iters is given more than once");
    expect(() => parse("--data", "x", "--json=yes")).toThrow("--json takes no value");
    expect(() => parse("--data", "x", "extra")).toThrow(/unexpected argument "extra"/);
    expect(() => parse("--iters", "3")).toThrow("missing --data (see nmf demo --help)");
  });

  it("checks the values given before reporting a missing required flag", () => {
    expect(() => parse("--iters", "abc")).toThrow(/invalid --iters/);
  });

  it("never puts a line break in a message", () => {
    const attempts = [["--data"], ["--data", "x", "--lr", "-1"], ["--zzz"], ["x"], ["--json=1", "--data", "x"]];
    for (const args of attempts) {
      try {
        parse(...args);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).not.toContain("\n");
      }
    }
  });
});

describe("commandHelp", () => {
  it("lists every flag with its value name, choices, default and requirement", () => {
    const help = commandHelp(command);
    expect(help).toMatch(/^Usage: nmf demo --data SPEC\n/);
    expect(help).toMatch(/--data TEXT +the data \[required\]/);
    expect(help).toMatch(/--model TEXT +the model \(mu\|deep\) \[default: mu\]/);
    expect(help).toMatch(/--ranks N,N,\.\.\. +ranks/);
    expect(help).toMatch(/--json +JSON output/);
    expect(help).toMatch(/-h, --help +show this help/);
  });
});

describe("a command with a positional option", () => {
  const withPositional = defineCommand({...command, name: "pick", positional: "data"});
  const pick = (...args: string[]) => parseOptions(withPositional, args);

  it("fills the option from one bare argument", () => {
    expect(pick("mnist:10").data).toBe("mnist:10");
    expect(pick("--json", "mnist:10").data).toBe("mnist:10");
  });

  it("refuses a second bare argument, or the option given both ways", () => {
    expect(() => pick("a", "b")).toThrow('unexpected argument "b"');
    expect(() => pick("a", "--data", "b")).toThrow("--data is given twice");
  });

  it("still converts and checks the value", () => {
    const strict = defineCommand({...command, name: "pick", positional: "model"});
    expect(() => parseOptions(strict, ["svd", "--data", "x"])).toThrow('invalid --model: "svd"');
  });
});
