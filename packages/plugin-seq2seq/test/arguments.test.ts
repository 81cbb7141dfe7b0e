import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ArgumentParser, Trainer, TrainingArguments } from "@tfjs-trainer/core";
import { beforeAll, describe, expect, it } from "vitest";
import { seq2seqRuntime } from "../src/generation-kwargs.js";
import seq2seq, { Seq2SeqTrainingArguments } from "../src/index.js";
import { BART, loadModel, makeTrainer, REFERENCE, T5, useCpu } from "./helpers.js";

beforeAll(useCpu);

const hfArgs = JSON.parse(readFileSync(join(REFERENCE, "runs", "bart-seq2seq", "run.json"), "utf8")).args;

describe("Seq2SeqTrainingArguments", () => {
  it("has HF's four generation fields with HF's defaults, after TrainingArguments' fields", () => {
    const args = new Seq2SeqTrainingArguments({ output_dir: "out" });
    expect(args.predict_with_generate).toBe(false);
    expect(args.generation_max_length).toBeNull();
    expect(args.generation_num_beams).toBeNull();
    expect(args.generation_config).toBeNull();
    const keys = Object.keys(args.toDict());
    expect(keys.slice(-4)).toEqual([
      "predict_with_generate",
      "generation_max_length",
      "generation_num_beams",
      "generation_config",
    ]);
  });

  it("reads an HF training_args dict (the fixture's run.json) without warnings about these fields", () => {
    const warnings: string[] = [];
    const args = Seq2SeqTrainingArguments.fromDict({ ...hfArgs, output_dir: "out" }, "run.json", {
      onWarning: (w) => warnings.push(w),
    });
    expect(args.predict_with_generate).toBe(hfArgs.predict_with_generate);
    expect(args.generation_max_length).toBe(hfArgs.generation_max_length);
    expect(args.generation_num_beams).toBe(hfArgs.generation_num_beams);
    expect(warnings.join("\n")).not.toMatch(/predict_with_generate|generation_/);
    expect(args.with({ generation_num_beams: 4 }).generation_num_beams).toBe(4);
  });

  it("validates the fields, naming them", () => {
    expect(() => new Seq2SeqTrainingArguments({ generation_num_beams: 0 })).toThrow(/generation_num_beams/);
    expect(() => new Seq2SeqTrainingArguments({ predict_with_generate: "yes" as never })).toThrow(
      /predict_with_generate/,
    );
  });

  it("base TrainingArguments still accept and ignore them (with a warning for a value that asks for generation)", () => {
    const warnings: string[] = [];
    const args = new TrainingArguments({ predict_with_generate: true } as never, {
      onWarning: (w) => warnings.push(w),
    });
    expect("predict_with_generate" in args).toBe(false);
    expect(warnings.join("\n")).toMatch(/predict_with_generate/);
  });

  it("is an argument group of the parser: flags fill the generation fields", () => {
    const parser = new ArgumentParser({ training: Seq2SeqTrainingArguments });
    const training = parser.parseCommandLine([
      "--output_dir",
      "out",
      "--predict_with_generate",
      "--generation_max_length",
      "16",
    ]).training as Seq2SeqTrainingArguments;
    expect(training).toBeInstanceOf(Seq2SeqTrainingArguments);
    expect(training.predict_with_generate).toBe(true);
    expect(training.generation_max_length).toBe(16);
  });
});

describe("where the plugin takes its settings from", () => {
  it("options left out come from Seq2SeqTrainingArguments, given options win, plain arguments give HF's defaults", async () => {
    const model = await loadModel(BART);
    const outputDir = mkdtempSync(join(tmpdir(), "s2s-"));
    const build = (args: TrainingArguments, options: Parameters<typeof seq2seq>[0]) =>
      new Trainer({ model, args, plugins: [seq2seq(options)], logger: () => {} });
    const fromArgs = build(
      new Seq2SeqTrainingArguments({
        output_dir: outputDir,
        predict_with_generate: true,
        generation_num_beams: 3,
      }),
      { generation_num_beams: 1 },
    );
    expect(seq2seqRuntime(fromArgs).settings).toEqual({
      predict_with_generate: true,
      generation_max_length: null,
      generation_num_beams: 1,
      generation_config: null,
    });
    const plain = build(new TrainingArguments({ output_dir: outputDir }), {});
    expect(seq2seqRuntime(plain).settings).toEqual({
      predict_with_generate: false,
      generation_max_length: null,
      generation_num_beams: null,
      generation_config: null,
    });
    model.dispose();
  });

  it("options are validated, naming the plugin and the field", () => {
    expect(() => seq2seq({ generation_max_length: -1 })).toThrow(/plugin-seq2seq.*generation_max_length/);
    expect(() => seq2seq({ replaceIgnoreIndex: "all" as never })).toThrow(/replaceIgnoreIndex/);
  });
});

describe("generation_config (HF: replaces the model's generation config when the trainer is built)", () => {
  it("a folder: its generation_config.json", async () => {
    const model = await loadModel(BART);
    makeTrainer({ model, plugins: [seq2seq({ generation_config: T5 })] });
    expect(model.generationConfig).toEqual(
      JSON.parse(readFileSync(join(T5, "generation_config.json"), "utf8")),
    );
    model.dispose();
  });

  it("a JSON file, or an object (copied)", async () => {
    const model = await loadModel(BART);
    const file = join(mkdtempSync(join(tmpdir(), "gen-")), "my-config.json");
    writeFileSync(file, JSON.stringify({ max_length: 7, num_beams: 2 }));
    makeTrainer({ model, plugins: [seq2seq({ generation_config: file })] });
    expect(model.generationConfig).toEqual({ max_length: 7, num_beams: 2 });
    const config = { max_length: 9 };
    makeTrainer({ model, plugins: [seq2seq({ generation_config: config })] });
    expect(model.generationConfig).toEqual(config);
    expect(model.generationConfig).not.toBe(config);
    model.dispose();
  });

  it("a folder without one is an error naming the file", async () => {
    const model = await loadModel(BART);
    const empty = mkdtempSync(join(tmpdir(), "gen-"));
    expect(() => makeTrainer({ model, plugins: [seq2seq({ generation_config: empty })] })).toThrow(
      /generation_config\.json/,
    );
    model.dispose();
  });

  it("is saved with the model, as HF saves model.generation_config", async () => {
    const model = await loadModel(BART);
    const trainer = makeTrainer({ model, plugins: [seq2seq({ generation_config: { max_length: 9 } })] });
    const dir = mkdtempSync(join(tmpdir(), "saved-"));
    await trainer.saveModel(dir);
    expect(JSON.parse(readFileSync(join(dir, "generation_config.json"), "utf8")).max_length).toBe(9);
    model.dispose();
  });
});
