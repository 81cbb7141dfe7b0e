import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it, vi } from "vitest";
import { stringify } from "yaml";
import { readJson } from "../helpers/read-json.js";
import { reuseSavedModel } from "../helpers/reuse-saved-model.js";
import { runCli } from "../helpers/run-example.js";
import { trainExample } from "../helpers/train-example.js";

describe("examples/image-classification (smoke: tiny data, 3 steps)", () => {
  it("trains, saves model + checkpoint, evaluates and prints the baseline", async () => {
    // training, evaluating and predicting each dispose what they create, the model included
    const before = tf.memory().numTensors;
    const trained = await trainExample({
      example: "image-classification",
      dataset: "mnist",
      savedFiles: ["config.json", "model.safetensors", "checkpoint-3/trainer_state.json"],
    });
    const { output, lines, evalResults } = trained;
    expect(existsSync(join(output, "tokenizer.json"))).toBe(false);
    const config = readJson(join(output, "config.json"));
    expect(config).toMatchObject({
      architectures: ["LayersCnnForImageClassification"],
      num_labels: 10,
      image_size: 28,
      num_channels: 1,
    });
    expect(evalResults.eval_accuracy).toBeGreaterThanOrEqual(0);
    expect(lines.some((line) => /^eval_accuracy: .* \(baseline, majority class ".*": /.test(line))).toBe(
      true,
    );

    // The saved folder is a checkpoint the CLI can evaluate and predict with: the CNN is rebuilt from config.json
    // and its weights loaded, so evaluating it gives the accuracy the training run reported.
    await reuseSavedModel(trained, { savedTokenizer: false, tensorsBefore: before });
    const reloaded = readJson(join(output, "eval_results.json"));
    expect(reloaded.eval_accuracy).toBe(evalResults.eval_accuracy);
    expect(reloaded.eval_loss).toBeCloseTo(evalResults.eval_loss, 5);
    const predictions = readFileSync(join(output, "predict_results.txt"), "utf8").trim().split("\n");
    expect(predictions[0]).toBe("index\tprediction");
    expect(predictions.slice(1).every((line) => /^\d+\t\d$/.test(line))).toBe(true);
    expect(predictions).toHaveLength(1 + 24);
  }, 120_000);
});

describe("image-classification: bad input names the file, the row and the field", () => {
  /** A config over two tiny hand-made images (2×2 grey), with the given data rows and model fields. */
  function project(rows: Record<string, unknown>[], model: Record<string, unknown> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), "image-task-"));
    writeFileSync(join(dir, "train.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
    const config = {
      task: "image-classification",
      model: { config: { filters: [2], hidden_size: 4, ...model } },
      data: { train_file: "train.jsonl", height: 2, width: 2 },
      output_dir: join(dir, "out"),
      max_steps: 1,
      save_strategy: "no",
      disable_tqdm: true,
    };
    const file = join(dir, "config.yaml");
    writeFileSync(file, stringify(config));
    return file;
  }

  async function errorOf(file: string, overrides: string[] = []): Promise<string> {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect((await runCli(["train", "--config", file, ...overrides])).code).toBe(2);
    } finally {
      spy.mockRestore();
    }
    return written.join("");
  }

  const good = [
    { pixels: [0, 255, 255, 0], label: 1 },
    { pixels: [255, 0, 0, 255], label: 0 },
  ];

  it("an image whose size is not height × width × channels", async () => {
    const message = await errorOf(project([...good, { pixels: [1, 2, 3], label: 0 }]));
    expect(message).toMatch(
      /train\.jsonl: row 3: "pixels" \(data\.image_column\) has 3 values, but data\.height × data\.width × data\.channels = 2 × 2 × 1 = 4/,
    );
  });

  it("a pixel outside 0–255", async () => {
    const message = await errorOf(project([good[0], { pixels: [0, 0, 300, 0], label: 0 }]));
    expect(message).toMatch(
      /train\.jsonl: row 2: "pixels"\[2\] is 300: pixel values must be numbers from 0 to 255/,
    );
  });

  it("a misspelt model config field, with the field it resembles", async () => {
    const message = await errorOf(project(good, { filter: [4] }));
    expect(message).toMatch(
      /config\.yaml: model\.config: filter: unknown field \(did you mean "filters"\?\)/,
    );
  });

  it("an architecture the task does not build", async () => {
    const file = project(good);
    const message = await errorOf(file, ["--model.architecture", "BertForSequenceClassification"]);
    expect(message).toMatch(
      /config\.yaml: model\.config: model\.architecture "BertForSequenceClassification": image-classification builds LayersCnnForImageClassification only/,
    );
  });

  it("more convolutions than the image has pixels for", async () => {
    const message = await errorOf(project(good, { filters: [2, 2] }));
    expect(message).toMatch(
      /model\.config: filters: 2 convolutions, .* shrink a 2×2 image below one pixel; use at most 1/,
    );
  });
});
