import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../src/commands/schema.js";
import { main } from "../src/main.js";
import { resolvePlugins } from "../src/plugins/resolve-plugins.js";

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await main(argv, (line) => lines.push(line));
  return { code, out: lines.join("\n") };
}

describe("tfjs-trainer schema", () => {
  it("describes the sections, TrainingArguments, each task's data and each plugin's options", async () => {
    const schema = (await configJsonSchema(process.cwd())) as {
      properties: Record<string, { items?: { anyOf: { prefixItems?: unknown[] }[] } }>;
      allOf: { if: unknown; then: { properties: { data: { properties: Record<string, unknown> } } } }[];
    };
    expect(schema.properties.learning_rate).toBeDefined();
    expect(schema.properties.task).toBeDefined();
    const pluginForms = schema.properties.plugins.items!.anyOf;
    const tensorboardOptions = pluginForms.find(
      (form) => (form.prefixItems?.[0] as { const?: string } | undefined)?.const === "tensorboard",
    );
    expect(JSON.stringify(tensorboardOptions)).toContain("log_dir");
    const textClassification = schema.allOf.find((rule) =>
      JSON.stringify(rule.if).includes("text-classification"),
    );
    expect(Object.keys(textClassification!.then.properties.data.properties)).toEqual(
      expect.arrayContaining(["train_file", "text_column", "label_column", "max_seq_length"]),
    );
  });

  it("prints valid JSON", async () => {
    const { code, out } = await run(["schema"]);
    expect(code).toBe(0);
    expect(JSON.parse(out).title).toBe("tfjs-trainer config");
  });
});

describe("tfjs-trainer plugins", () => {
  it("lists the built-in plugins by short and package name", async () => {
    const { code, out } = await run(["plugins"]);
    expect(code).toBe(0);
    expect(out).toMatch(/tensorboard\s+@tfjs-trainer\/plugin-tensorboard/);
    expect(out).toMatch(/early-stopping\s+@tfjs-trainer\/plugin-early-stopping/);
  });
});

describe("local plugins", () => {
  it("resolves a path relative to the config file and validates its options by its schema", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-local-plugin-"));
    const core = import.meta.resolve("@tfjs-trainer/core");
    const zod = import.meta.resolve("zod");
    writeFileSync(
      join(dir, "counter.mjs"),
      `import { definePlugin } from ${JSON.stringify(core)};
import { z } from ${JSON.stringify(zod)};
export default definePlugin({
  name: "counter",
  options: z.object({ every: z.number().int().positive() }),
  apply() {},
});
`,
    );
    const config = join(dir, "config.yaml");
    const [plugin] = await resolvePlugins([["./counter.mjs", { every: 2 }]], config);
    expect(plugin.instance.name).toBe("counter");
    expect(plugin.instance.options).toEqual({ every: 2 });
    await expect(resolvePlugins([["./counter.mjs", { every: 0 }]], config)).rejects.toThrow(
      /config\.yaml: plugins\[0\]: plugin "counter": invalid options: every: /,
    );
    await expect(resolvePlugins(["./missing.mjs"], config)).rejects.toThrow(
      /plugins\[0\]: plugin "\.\/missing\.mjs": cannot load/,
    );
  });
});

describe("exit codes and messages", () => {
  it("a config mistake prints one line naming the file and field, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-exit-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ task: "text-classification", output_dir: "x", learning_rat: 1 }));
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect((await run(["train", "--config", config])).code).toBe(2);
      expect((await run(["train"])).code).toBe(2);
      expect((await run(["fly"])).code).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr[0]).toMatch(
      /^tfjs-trainer: .*config\.json: learning_rat: unknown field "learning_rat" \(did you mean "learning_rate"\?\)\n$/,
    );
    expect(stderr[1]).toContain("--config: required");
    expect(stderr[2]).toContain('unknown command "fly"');
  });

  it("a mistake in the rows (a validation label train never had) prints one line naming the task, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cli-data-error-"));
    const rows = (labels: string[]) =>
      labels.map((label) => JSON.stringify({ sentence: `a ${label} one`, label }));
    writeFileSync(join(dir, "train.jsonl"), `${rows(["good", "bad"]).join("\n")}\n`);
    writeFileSync(join(dir, "validation.jsonl"), `${rows(["good", "meh"]).join("\n")}\n`);
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        task: "text-classification",
        data: { train_file: "train.jsonl", validation_file: "validation.jsonl" },
        tokenizer: { train: { vocab_size: 60 } },
        output_dir: join(dir, "out"),
        max_steps: 1,
      }),
    );
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect((await run(["train", "--config", config])).code).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(/^tfjs-trainer: .*config\.json: data: task "text-classification": .*"meh"/);
    expect(stderr[0].split("\n").filter(Boolean)).toHaveLength(1);
  });
});
