import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError } from "../src/config/config-error.js";
import { loadConfig } from "../src/config/load-config.js";
import { parseOverrides } from "../src/config/overrides.js";
import { loadSplits } from "../src/data/load-splits.js";
import { resolvePlugins } from "../src/plugins/resolve-plugins.js";

/** A folder holding config.yaml and a small train.jsonl, as a user would write them. */
function project(config: Record<string, unknown>): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "cli-config-"));
  writeFileSync(
    join(dir, "train.jsonl"),
    `${JSON.stringify({ sentence: "good", label: "positive" })}\n${JSON.stringify({ sentence: "bad", label: "negative" })}\n`,
  );
  const file = join(dir, "config.yaml");
  writeFileSync(file, stringify(config));
  return { dir, file };
}

const base = {
  task: "text-classification",
  data: { train_file: "train.jsonl" },
  tokenizer: { train: { vocab_size: 100 } },
  output_dir: "out",
};

/** Loads the config and reads its data and plugins, as `tfjs-trainer train` does before building anything. */
async function check(config: Record<string, unknown>, overrides: string[] = []): Promise<void> {
  const { file } = project(config);
  const loaded = loadConfig(file, parseOverrides(overrides));
  await resolvePlugins(loaded.plugins, file);
  await loadSplits(loaded.data, loaded.baseDir, file, (split) =>
    loaded.task.requiredColumns(loaded.data, split),
  );
}

async function errorOf(config: Record<string, unknown>, overrides: string[] = []): Promise<ConfigError> {
  const error = await check(config, overrides).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("config errors name the file, the field and the plugin", () => {
  it("accepts the valid base config", async () => {
    await expect(check(base)).resolves.toBeUndefined();
  });

  it("unknown plugin: suggests the built-in it resembles", async () => {
    const error = await errorOf({ ...base, plugins: ["tensorbord"] });
    expect(error.message).toMatch(
      /config\.yaml: plugins\[0\]: plugin "tensorbord": unknown plugin \(did you mean "tensorboard"\?\)/,
    );
    expect(error.plugin).toBe("tensorbord");
  });

  it("bad plugin option: names the option, its problem and the plugin", async () => {
    const error = await errorOf({ ...base, plugins: [["early-stopping", { patience: -1 }]] });
    expect(error.message).toContain("plugins[0]");
    expect(error.message).toContain('plugin "@tfjs-trainer/plugin-early-stopping"');
    expect(error.message).toContain("patience");
  });

  it("misspelt plugin option: unknown option with a suggestion", async () => {
    const error = await errorOf({ ...base, plugins: [["tensorboard", { log_dri: "runs" }]] });
    expect(error.field).toBe("plugins[0].log_dri");
    expect(error.message).toContain('did you mean "log_dir"');
  });

  it("misspelt TrainingArguments field: names it and the closest one", async () => {
    const error = await errorOf({ ...base, learning_rat: 0.1 });
    expect(error.file).toMatch(/config\.yaml$/);
    expect(error.field).toBe("learning_rat");
    expect(error.message).toContain("learning_rate");
  });

  it("misspelt override on the command line: blames the flag, not the file", async () => {
    const error = await errorOf(base, ["--num_train_epoch", "2"]);
    expect(error.message).toMatch(/^command line: --num_train_epoch: /);
    expect(error.message).toContain("num_train_epochs");
  });

  it("wrong type: names the field and what it expects", async () => {
    const error = await errorOf({ ...base, per_device_train_batch_size: "eight" });
    expect(error.field).toBe("per_device_train_batch_size");
    expect(error.message).toContain("config.yaml");
  });

  it("misspelt data field: unknown field with a suggestion", async () => {
    const error = await errorOf({ ...base, data: { ...base.data, lable_column: "label" } });
    expect(error.field).toBe("data.lable_column");
    expect(error.message).toContain('did you mean "label_column"');
  });

  it("missing data file: names the field and the path", async () => {
    const error = await errorOf({ ...base, data: { train_file: "nope.jsonl" } });
    expect(error.field).toBe("data.train_file");
    expect(error.message).toMatch(/cannot read data file .*nope\.jsonl \(no such file\)/);
  });

  it("column not found: names the data field, the column, the file and the columns there are", async () => {
    const error = await errorOf({ ...base, data: { ...base.data, text_column: "text" } });
    expect(error.field).toBe("data.text_column");
    expect(error.message).toMatch(/column "text" not found in .*train\.jsonl \(row 1 has: sentence, label\)/);
  });

  it("unknown task: lists the tasks", async () => {
    const error = await errorOf({ ...base, task: "text-clasification" });
    expect(error.field).toBe("task");
    expect(error.message).toContain('did you mean "text-classification"');
  });

  it("nested override reaches a plugin's options and is validated", async () => {
    const error = await errorOf(base, ["--plugins.tensorboard.log_dri", "x"]);
    expect(error.field).toBe("plugins[0].log_dri");
    await expect(check(base, ["--plugins.tensorboard.log_dir", "x"])).resolves.toBeUndefined();
  });
});

describe("overrides", () => {
  it("normalises dashes in field names but not in a plugin's package name", () => {
    expect(parseOverrides(["--learning-rate", "1e-4", "--plugins.my-plugin.some-option", "x"])).toEqual([
      { path: ["learning_rate"], value: 1e-4 },
      { path: ["plugins", "my-plugin", "some_option"], value: "x" },
    ]);
  });

  it("reads values as YAML: numbers, booleans, lists, null; a bare flag is true", () => {
    expect(parseOverrides(["--a", "[x, y]", "--b=false", "--c", "null", "--d"]).map((o) => o.value)).toEqual([
      ["x", "y"],
      false,
      null,
      true,
    ]);
  });
});
