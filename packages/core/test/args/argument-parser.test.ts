import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import {
  ArgumentError,
  ArgumentParser,
  COMMAND_LINE,
  defineArgumentGroup,
  HelpRequested,
  TrainingArguments,
} from "../../src/args/index.js";

const directory = mkdtempSync(join(tmpdir(), "tfjs-trainer-args-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const modelArguments = defineArgumentGroup(
  "ModelArguments",
  z.object({
    model_name_or_path: z.string().describe("Model folder or name."),
    num_labels: z.number().int().min(1).default(2),
    freeze_encoder: z.boolean().default(false),
  }),
);
const dataArguments = defineArgumentGroup(
  "DataArguments",
  z.object({
    train_file: z.string().default("train.jsonl"),
    max_seq_length: z.number().int().min(1).default(128),
    lowercase: z.boolean().default(true),
  }),
);

function makeParser(onWarning: (message: string) => void = () => {}) {
  return new ArgumentParser(
    { model: modelArguments, data: dataArguments, training: TrainingArguments },
    { onWarning },
  );
}

function errorOf(parse: () => unknown): ArgumentError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ArgumentError) return error;
    throw error;
  }
  throw new Error("expected an ArgumentError");
}

// One configuration written four ways.
const FLAGS = [
  "--model_name_or_path",
  "models/bert-tiny",
  "--num_labels",
  "3",
  "--max_seq_length",
  "64",
  "--output_dir",
  "out/run",
  "--do_train",
  "--eval_strategy",
  "steps",
  "--eval_steps",
  "20",
  "--logging_steps",
  "10",
  "--learning_rate",
  "1e-4",
  "--warmup_steps",
  "0.1",
  "--report_to",
  "tensorboard",
  "wandb",
  "--lr_scheduler_type",
  "cosine_with_restarts",
  "--lr_scheduler_kwargs",
  '{"num_cycles": 2}',
  "--no_remove_unused_columns",
  "--max_steps",
  "-1",
];
const SAME_AS_JSON = {
  model_name_or_path: "models/bert-tiny",
  num_labels: 3,
  max_seq_length: 64,
  output_dir: "out/run",
  do_train: true,
  eval_strategy: "steps",
  eval_steps: 20,
  logging_steps: 10,
  learning_rate: 1e-4,
  warmup_steps: 0.1,
  report_to: ["tensorboard", "wandb"],
  lr_scheduler_type: "cosine_with_restarts",
  lr_scheduler_kwargs: { num_cycles: 2 },
  remove_unused_columns: false,
  max_steps: -1,
};
// Unquoted 1e-4 is a number in YAML 1.2; the learning rate here is overridden from the command line below.
const SAME_AS_YAML = `
model_name_or_path: models/bert-tiny
num_labels: 3
max_seq_length: 64
output_dir: out/run
do_train: true
eval_strategy: steps
eval_steps: 20
logging_steps: 10
learning_rate: 1e-4
warmup_steps: 0.1
report_to: [tensorboard, wandb]
lr_scheduler_type: cosine_with_restarts
lr_scheduler_kwargs:
  num_cycles: 2
remove_unused_columns: false
max_steps: -1
`;

describe("ArgumentParser sources", () => {
  const parser = makeParser();
  const fromFlags = parser.parseCommandLine(FLAGS);
  const asDicts = (parsed: typeof fromFlags) => ({
    model: parsed.model,
    data: parsed.data,
    training: parsed.training.toDict(),
  });

  it("parses flags into each group, typed", () => {
    expectTypeOf(fromFlags.training).toEqualTypeOf<TrainingArguments>();
    expectTypeOf(fromFlags.model.model_name_or_path).toEqualTypeOf<string>();
    expectTypeOf(fromFlags.data.max_seq_length).toEqualTypeOf<number>();
    expect(fromFlags.model).toEqual({
      model_name_or_path: "models/bert-tiny",
      num_labels: 3,
      freeze_encoder: false,
    });
    expect(fromFlags.data).toEqual({ train_file: "train.jsonl", max_seq_length: 64, lowercase: true });
    expect(fromFlags.training).toBeInstanceOf(TrainingArguments);
    expect(fromFlags.training).toMatchObject({
      do_train: true,
      do_eval: true,
      learning_rate: 1e-4,
      warmup_steps: 0.1,
      report_to: ["tensorboard", "wandb"],
      lr_scheduler_kwargs: { num_cycles: 2 },
      remove_unused_columns: false,
      max_steps: -1,
    });
  });

  it("gives the same result from a JSON file", () => {
    const path = writeConfig("same.json", JSON.stringify(SAME_AS_JSON));
    expect(asDicts(parser.parseFile(path))).toEqual(asDicts(fromFlags));
    expect(asDicts(parser.parseCommandLine([path]))).toEqual(asDicts(fromFlags));
  });

  it("gives the same result from a YAML file", () => {
    const path = writeConfig("same.yaml", SAME_AS_YAML);
    expect(asDicts(parser.parseFile(path))).toEqual(asDicts(fromFlags));
  });

  it("gives the same result from YAML plus command-line overrides", () => {
    const path = writeConfig("base.yml", SAME_AS_YAML.replace("learning_rate: 1e-4", "learning_rate: 5e-3"));
    expect(parser.parseFile(path).training.learning_rate).toBe(5e-3);
    expect(asDicts(parser.parseFile(path, ["--learning_rate", "1e-4"]))).toEqual(asDicts(fromFlags));
    expect(asDicts(parser.parseCommandLine([path, "--learning_rate", "1e-4"]))).toEqual(asDicts(fromFlags));
  });

  it("gives the same result from a dict in memory", () => {
    expect(asDicts(parser.parseDict(SAME_AS_JSON))).toEqual(asDicts(fromFlags));
  });
});

describe("command-line forms", () => {
  const parser = makeParser();
  const parse = (...flags: string[]) => parser.parseCommandLine(["--model_name_or_path", "m", ...flags]);

  it("reads bare booleans as true and explicit true/false words as HF's string_to_bool", () => {
    expect(parse("--do_train").training.do_train).toBe(true);
    expect(parse("--do_train", "false").training.do_train).toBe(false);
    expect(parse("--do_train", "yes").training.do_train).toBe(true);
    expect(parse("--freeze_encoder").model.freeze_encoder).toBe(true);
  });

  it("offers --no_<flag> for booleans that default to true", () => {
    expect(parse("--no_remove_unused_columns").training.remove_unused_columns).toBe(false);
    expect(parse("--no_lowercase").data.lowercase).toBe(false);
    expect(parse("--no-logging-nan-inf-filter").training.logging_nan_inf_filter).toBe(false);
  });

  it("refuses --no_<flag> for booleans that default to false, and with a value", () => {
    expect(errorOf(() => parse("--no_do_train")).message).toBe(
      "command line: --no_do_train exists only for boolean fields that default to true; use --do_train false",
    );
    expect(errorOf(() => parse("--no_remove_unused_columns", "true")).message).toContain("takes no value");
  });

  it("takes --flag=value, dashes for underscores, and negative numbers", () => {
    const parsed = parse("--learning_rate=3e-4", "--per-device-train-batch-size", "4", "--max_steps", "-1");
    expect(parsed.training.learning_rate).toBe(3e-4);
    expect(parsed.training.per_device_train_batch_size).toBe(4);
    expect(parsed.training.max_steps).toBe(-1);
  });

  it("takes lists as repeated values, and a single value for a list field", () => {
    expect(parse("--include_for_metrics", "inputs", "loss").training.include_for_metrics).toEqual([
      "inputs",
      "loss",
    ]);
    expect(parse("--label_names", "start_positions", "end_positions").training.label_names).toEqual([
      "start_positions",
      "end_positions",
    ]);
    expect(parse("--report_to", "none").training.report_to).toEqual([]);
  });

  it("lets the last occurrence of a flag win, as argparse", () => {
    expect(parse("--seed", "1", "--seed", "2").training.seed).toBe(2);
  });

  it("reads null for nullable non-string fields and true for resume_from_checkpoint", () => {
    expect(parse("--save_total_limit", "None").training.save_total_limit).toBeNull();
    expect(parse("--resume_from_checkpoint").training.resume_from_checkpoint).toBe(true);
    expect(parse("--resume_from_checkpoint", "out/checkpoint-8").training.resume_from_checkpoint).toBe(
      "out/checkpoint-8",
    );
  });

  it("passes HF-only flags to TrainingArguments, which warns about them", () => {
    const warnings: string[] = [];
    const parsed = makeParser((w) => warnings.push(w)).parseCommandLine([
      "--model_name_or_path",
      "m",
      "--fp16",
    ]);
    expect(parsed.training.toDict()).not.toHaveProperty("fp16");
    expect(warnings).toEqual(["command line: ignoring fields tfjs-trainer does not support: fp16=true"]);
  });

  it("rejects a positional argument that is not a leading config file", () => {
    expect(errorOf(() => parser.parseCommandLine(["extra", "--seed", "1"])).message).toBe(
      'command line: unexpected argument "extra" (values follow a --flag)',
    );
    const path = writeConfig("late.json", "{}");
    expect(
      errorOf(() => parser.parseCommandLine(["--seed", "1", "--do_train=true", path])).message,
    ).toContain("a config file must be the first argument");
  });

  it("rejects several values for a scalar field, and a missing value", () => {
    expect(errorOf(() => parse("--seed", "1", "2")).message).toBe(
      'command line: --seed expects one value (an integer), got 2: "1" "2"',
    );
    expect(errorOf(() => parse("--seed")).message).toBe(
      "command line: --seed expects an integer, got no value",
    );
  });
});

describe("misspelt and mistyped arguments", () => {
  const parser = makeParser();

  it("names the misspelt flag and the closest one from the command line", () => {
    const error = errorOf(() =>
      parser.parseCommandLine(["--model_name_or_path", "m", "--learning_rat", "1e-4"]),
    );
    expect(error).toMatchObject({ field: "learning_rat", suggestion: "learning_rate", source: COMMAND_LINE });
    expect(error.message).toBe(
      "command line: unknown argument --learning_rat (did you mean --learning_rate?)",
    );
  });

  it("suggests names of user groups and --no_ flags too", () => {
    expect(errorOf(() => parser.parseCommandLine(["--model_name_or_pth", "m"])).suggestion).toBe(
      "model_name_or_path",
    );
    expect(errorOf(() => parser.parseCommandLine(["--no_lowercas"])).suggestion).toBe("no_lowercase");
  });

  it("names the misspelt field and the closest one in a file", () => {
    const path = writeConfig("typo.yaml", "model_name_or_path: m\nlearning_rat: 1.0e-4\n");
    const error = errorOf(() => parser.parseFile(path));
    expect(error).toMatchObject({ field: "learning_rat", suggestion: "learning_rate", source: path });
    expect(error.message).toBe(`${path}: unknown field "learning_rat" (did you mean "learning_rate"?)`);
  });

  it("names the field and the expected type for a mistyped flag", () => {
    const error = errorOf(() =>
      parser.parseCommandLine(["--model_name_or_path", "m", "--per_device_train_batch_size", "eight"]),
    );
    expect(error).toMatchObject({ field: "per_device_train_batch_size", expected: "an integer >= 1" });
    expect(error.message).toBe(
      'command line: --per_device_train_batch_size expects an integer >= 1, got "eight"',
    );
  });

  it("names the field and the expected type for a mistyped value in a file", () => {
    const path = writeConfig(
      "types.json",
      JSON.stringify({ model_name_or_path: "m", learning_rate: "fast" }),
    );
    const error = errorOf(() => parser.parseFile(path));
    expect(error).toMatchObject({ field: "learning_rate", expected: "a number >= 0", source: path });
    expect(error.message).toBe(`${path}: learning_rate expects a number >= 0, got "fast"`);
  });

  it("reads unquoted 1e-4 in YAML as a number and rejects a quoted one", () => {
    const unquoted = writeConfig("lr.yaml", "model_name_or_path: m\nlearning_rate: 1e-4\n");
    expect(parser.parseFile(unquoted).training.learning_rate).toBe(1e-4);
    const quoted = writeConfig("lr-quoted.yaml", 'model_name_or_path: m\nlearning_rate: "1e-4"\n');
    expect(errorOf(() => parser.parseFile(quoted)).field).toBe("learning_rate");
  });

  it("names the missing required field of a user group", () => {
    expect(errorOf(() => parser.parseCommandLine([])).message).toBe(
      "command line: missing required argument --model_name_or_path (expects a string)",
    );
    const path = writeConfig("missing.json", "{}");
    expect(errorOf(() => parser.parseFile(path)).message).toBe(
      `${path}: missing required field "model_name_or_path" (expects a string)`,
    );
  });

  it("blames the source each field came from in a rule between fields", () => {
    const path = writeConfig(
      "best.yaml",
      "model_name_or_path: m\nload_best_model_at_end: true\neval_strategy: epoch\nsave_strategy: epoch\n",
    );
    expect(parser.parseFile(path).training.metric_for_best_model).toBe("loss");
    const error = errorOf(() => parser.parseFile(path, ["--save_strategy", "steps"]));
    expect(error.source).toBe(COMMAND_LINE);
    expect(error.message).toContain("load_best_model_at_end needs --save_strategy to equal eval_strategy");
  });

  it("reports unreadable and malformed files", () => {
    expect(errorOf(() => parser.parseFile(join(directory, "absent.yaml"))).message).toContain(
      "cannot read config file",
    );
    const broken = writeConfig("broken.json", "{ not json");
    expect(errorOf(() => parser.parseFile(broken)).message).toMatch(/^.*broken\.json: invalid JSON: /);
    const list = writeConfig("list.yaml", "- a\n- b\n");
    expect(errorOf(() => parser.parseFile(list)).message).toContain(
      "expected a mapping of field names to values",
    );
  });
});

describe("argument groups", () => {
  it("routes each field to the group declaring it", () => {
    const parsed = makeParser().parseDict({ model_name_or_path: "m", max_seq_length: 32, seed: 7 });
    expect(parsed.model.model_name_or_path).toBe("m");
    expect(parsed.data.max_seq_length).toBe(32);
    expect(parsed.training.seed).toBe(7);
  });

  it("refuses two groups declaring the same field", () => {
    const clash = defineArgumentGroup("Clash", z.object({ seed: z.number().default(1) }));
    expect(() => new ArgumentParser({ clash, training: TrainingArguments })).toThrow(
      'field "seed" is declared by two argument groups: Clash and TrainingArguments',
    );
  });

  it("lets a user group declare a field TrainingArguments would ignore", () => {
    const generation = defineArgumentGroup(
      "GenerationArguments",
      z.object({ predict_with_generate: z.boolean().default(false) }),
    );
    const parser = new ArgumentParser({ generation, training: TrainingArguments });
    const parsed = parser.parseCommandLine(["--predict_with_generate"]);
    expect(parsed.generation.predict_with_generate).toBe(true);
    expect(parsed.training.warnings).toEqual([]);
  });

  it("applies a group's own cross-field refinement", () => {
    const lengths = defineArgumentGroup(
      "LengthArguments",
      z
        .object({ min_length: z.number().int().default(0), max_length: z.number().int().default(10) })
        .superRefine((value, context) => {
          if (value.min_length > value.max_length) {
            context.addIssue({ code: "custom", path: ["min_length"], message: "must not exceed max_length" });
          }
        }),
    );
    const error = errorOf(() => new ArgumentParser({ lengths }).parseCommandLine(["--min_length", "20"]));
    expect(error.message).toBe("command line: --min_length: must not exceed max_length");
  });
});

describe("help", () => {
  const parser = makeParser();

  it("is requested with --help or -h", () => {
    for (const flag of ["--help", "-h"]) {
      let thrown: unknown;
      try {
        parser.parseCommandLine(["--seed", "1", flag]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HelpRequested);
      expect((thrown as HelpRequested).help).toBe(parser.formatHelp());
    }
  });

  it("lists groups, fields, types, defaults and descriptions", () => {
    const help = parser.formatHelp();
    expect(help).toContain("ModelArguments:");
    expect(help).toMatch(/--model_name_or_path STR\s+Model folder or name\. \(required\)/);
    expect(help).toMatch(/--num_labels INT\s+\(default: 2\)/);
    expect(help).toContain("--remove_unused_columns [BOOL], --no_remove_unused_columns");
    expect(help).toMatch(
      /--eval_strategy \{no,steps,epoch\}\n\s+When to evaluate during training\. \(default: "no"\)/,
    );
    expect(help).not.toContain("--warmup_ratio");
  });
});
