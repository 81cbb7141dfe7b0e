import { describe, expect, it } from "vitest";
import { parseOptions } from "../src/options.js";

describe("parseOptions", () => {
  it("defaults to 20 trials of a 12-step BERT run, every kill aim mixed", () => {
    expect(parseOptions([])).toEqual({
      trials: 20,
      seed: 1,
      spec: { model: "bert", steps: 12 },
      keep: false,
    });
  });

  it("reads every flag, with a value after it or after =", () => {
    expect(
      parseOptions([
        "--trials",
        "4",
        "--seed=9",
        "--model",
        "tiny",
        "--steps",
        "8",
        "--aim",
        "rotating",
        "--keep",
      ]),
    ).toEqual({ trials: 4, seed: 9, spec: { model: "tiny", steps: 8 }, aim: "rotating", keep: true });
  });

  it("names the flag of a bad value", () => {
    expect(() => parseOptions(["--trials", "0"])).toThrow(/--trials must be 1 or more/);
    expect(() => parseOptions(["--seed", "x"])).toThrow(/--seed must be an integer, got "x"/);
    expect(() => parseOptions(["--model", "gpt2"])).toThrow(/--model must be one of tiny, bert, got "gpt2"/);
    expect(() => parseOptions(["--steps", "1"])).toThrow(/--steps must be 2 or more/);
    expect(() => parseOptions(["--trials"])).toThrow(/--trials needs a value/);
    expect(() => parseOptions(["--trails", "3"])).toThrow(/unknown option --trails/);
  });
});
