import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ArgumentError, ArgumentParser, Trainer, TrainingArguments } from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import { makeTrainer, tempDir } from "../helpers/make-trainer.js";
import { thrown } from "./outcomes.js";

const quiet = { onWarning: () => {} };
const parser = () => new ArgumentParser({ training: TrainingArguments });

function argumentError(call: () => unknown): ArgumentError {
  const error = thrown(call);
  expect(error).toBeInstanceOf(ArgumentError);
  return error as ArgumentError;
}

describe("bad input: unknown and misspelt arguments", () => {
  it("a misspelt field names it and the closest valid one (constructor)", () => {
    const error = argumentError(() => new TrainingArguments({ learnig_rate: 0.1 } as never, quiet));
    expect(error.message).toBe('unknown field "learnig_rate" (did you mean "learning_rate"?)');
    expect(error.field).toBe("learnig_rate");
    expect(error.suggestion).toBe("learning_rate");
  });

  it("a misspelt flag names it as a flag, with the closest flag", () => {
    const error = argumentError(() => parser().parseCommandLine(["--per_device_train_batch", "4"]));
    expect(error.message).toBe(
      "command line: unknown argument --per_device_train_batch (did you mean --per_device_train_batch_size?)",
    );
  });

  it("a name far from every field gets no guess", () => {
    const error = argumentError(() => new TrainingArguments({ flux_capacitor: 1 } as never, quiet));
    expect(error.message).toBe('unknown field "flux_capacitor"');
    expect(error.suggestion).toBeUndefined();
  });

  it("an unknown field in a YAML config names the file", () => {
    const path = join(tempDir("bad-args-"), "config.yaml");
    writeFileSync(path, "output_dir: out\nnum_train_epoch: 3\n");
    const error = argumentError(() => parser().parseFile(path));
    expect(error.message).toBe(`${path}: unknown field "num_train_epoch" (did you mean "num_train_epochs"?)`);
  });

  it("new Trainer() refuses a misspelt field before anything runs", () => {
    const error = argumentError(() => makeTrainer({ save_stratgy: "no" } as never));
    expect(error.message).toContain('did you mean "save_strategy"?');
  });
});

describe("bad input: wrong types", () => {
  it("a string where a number is expected names the field, the expected type and the value", () => {
    const error = argumentError(() => new TrainingArguments({ learning_rate: "fast" } as never, quiet));
    expect(error.message).toBe('learning_rate expects a number >= 0, got "fast"');
    expect(error.expected).toBe("a number >= 0");
  });

  it("a flag value that is not a number", () => {
    const error = argumentError(() => parser().parseCommandLine(["--num_train_epochs", "many"]));
    expect(error.message).toBe('command line: --num_train_epochs expects a number >= 0, got "many"');
  });

  it("a value outside an enumeration lists the valid ones", () => {
    const error = argumentError(() => parser().parseCommandLine(["--eval_strategy", "sometimes"]));
    expect(error.message).toMatch(/^command line: --eval_strategy expects one of "no", "steps", "epoch"/);
  });

  it("a YAML value of the wrong type names the file and the field", () => {
    const path = join(tempDir("bad-args-"), "config.yaml");
    writeFileSync(path, "per_device_train_batch_size: 0\n");
    const error = argumentError(() => parser().parseFile(path));
    expect(error.message).toBe(`${path}: per_device_train_batch_size expects an integer >= 1, got 0`);
  });

  it("our own switches are typed too", () => {
    const error = argumentError(() => parser().parseCommandLine(["--skip_nonfinite_updates", "maybe"]));
    expect(error.message).toMatch(/^command line: --skip_nonfinite_updates expects a boolean/);
  });
});

describe("bad input: contradictory arguments", () => {
  it("load_best_model_at_end with different save and eval strategies names both", () => {
    const error = argumentError(
      () =>
        new TrainingArguments(
          { load_best_model_at_end: true, eval_strategy: "epoch", save_strategy: "steps" },
          quiet,
        ),
    );
    expect(error.field).toBe("save_strategy");
    expect(error.message).toBe(
      'load_best_model_at_end needs save_strategy to equal eval_strategy (or to be "best"), got save_strategy "steps" and eval_strategy "epoch"',
    );
  });

  it('save_strategy "best" without a metric says which field to set', () => {
    const error = argumentError(() => new TrainingArguments({ save_strategy: "best" }, quiet));
    expect(error.field).toBe("metric_for_best_model");
    expect(error.message).toContain("metric_for_best_model");
  });

  it("reduce_lr_on_plateau without evaluation, from the command line, names the flags", () => {
    const error = argumentError(() =>
      parser().parseCommandLine(["--lr_scheduler_type", "reduce_lr_on_plateau", "--eval_strategy", "no"]),
    );
    expect(error.message).toBe(
      'command line: --lr_scheduler_type "reduce_lr_on_plateau" steps on evaluation metrics, so --eval_strategy must not be "no"',
    );
  });

  it("a Trainer cannot be built from contradictory arguments", () => {
    const error = argumentError(
      () =>
        new Trainer({
          model: makeTrainer().model,
          args: { output_dir: tempDir("bad-args-"), eval_strategy: "steps", logging_steps: 0, eval_steps: 0 },
        }),
    );
    expect(error.field).toBe("eval_steps");
  });
});
