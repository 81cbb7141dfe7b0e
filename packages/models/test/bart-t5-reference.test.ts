import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BartForConditionalGeneration } from "../src/bart/index.js";
import type { HFConfig } from "../src/common/config.js";
import { fromPretrained } from "../src/common/pretrained-model.js";
import type { DecoderCache } from "../src/generation/types.js";
import { type ConditionalGenerationModel, shiftTokensRightTensor } from "../src/seq2seq/index.js";
import { T5ForConditionalGeneration } from "../src/t5/index.js";
import {
  epochFloatingPointOps,
  expectSameSafetensors,
  flatten,
  jsonTensors,
  type Nested,
  readReferenceJson,
  referencePath,
  relativeError,
  withTempDir,
} from "./helpers/fixtures.js";

type Model = ConditionalGenerationModel<HFConfig>;

interface ForwardFixture {
  inputs: { input_ids: Nested; attention_mask: Nested; labels: Nested };
  loss: number;
  logits: Nested;
}

/** The decoder inputs a forward derives from labels: shifted right behind the model's decoder start token. */
function decoderInputsFromLabels(model: Model, labels: tf.Tensor): tf.Tensor2D {
  return shiftTokensRightTensor(labels, {
    decoderStartTokenId: model.config.decoder_start_token_id as number,
    padTokenId: model.config.pad_token_id as number,
  });
}

const CASES = [
  { name: "bart", Model: BartForConditionalGeneration },
  { name: "t5", Model: T5ForConditionalGeneration },
] as const;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe.each(CASES)("$name against HF 5.17", ({ name, Model }) => {
  let model: Model;
  let fixture: ForwardFixture;

  beforeAll(async () => {
    model = (await fromPretrained(referencePath(`models/${name}`))) as unknown as Model;
    fixture = readReferenceJson<ForwardFixture>(`forward/${name}.json`);
  });
  afterAll(() => model.dispose());

  const batch = () => jsonTensors(fixture.inputs);

  it("loads as the architecture config.json names, every stored tensor used", async () => {
    expect(model).toBeInstanceOf(Model);
    const fresh = new Model(model.config);
    const report = await fresh.loadWeights(referencePath(`models/${name}`), () => {});
    fresh.dispose();
    expect(report).toEqual({ missing: [], unexpected: [] });
  });

  it("gives HF's logits and loss (decoder inputs shifted from the labels)", () => {
    const inputs = batch();
    const out = model.forward(inputs, { training: false });
    const hf = flatten(fixture.logits);
    expect(out.logits?.shape).toEqual(hf.shape);
    expect(relativeError(out.logits!.dataSync(), hf.data)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(out.loss!.dataSync()[0] - fixture.loss) / Math.abs(fixture.loss)).toBeLessThanOrEqual(
      1e-5,
    );
    tf.dispose([out.logits, out.loss, ...Object.values(inputs)]);
  });

  it("gives the same logits from explicit decoder_input_ids as from labels", () => {
    const inputs = batch();
    const fromLabels = model.forward(inputs, { training: false });
    const decoderInputIds = decoderInputsFromLabels(model, inputs.labels);
    const explicit = model.forward(
      {
        input_ids: inputs.input_ids,
        attention_mask: inputs.attention_mask,
        decoder_input_ids: decoderInputIds,
      },
      { training: false },
    );
    expect(explicit.loss).toBeUndefined();
    expect(Array.from(explicit.logits!.dataSync())).toEqual(Array.from(fromLabels.logits!.dataSync()));
    tf.dispose([
      fromLabels.logits,
      fromLabels.loss,
      explicit.logits,
      decoderInputIds,
      ...Object.values(inputs),
    ]);
  });

  it("divides the summed loss by numItemsInBatch when given (accumulation windows)", () => {
    const inputs = batch();
    const labelCount = flatten(fixture.inputs.labels).data.filter((label) => label !== -100).length;
    const mean = model.forward(inputs, { training: false }).loss!;
    const overWindow = model.forward(inputs, { training: false, numItemsInBatch: 3 * labelCount }).loss!;
    expect(model.acceptsLossKwargs).toBe(true);
    expect(overWindow.dataSync()[0]).toBeCloseTo(mean.dataSync()[0] / 3, 5);
    tf.dispose([mean, overWindow, ...Object.values(inputs)]);
  });

  it("decodes token by token with its cache to the full forward's logits", () => {
    const inputs = batch();
    const full = model.forward(inputs, { training: false });
    const decoderIds = decoderInputsFromLabels(model, inputs.labels);
    const [rows, length] = decoderIds.shape;
    const encoder = model.encode(inputs.input_ids, inputs.attention_mask);
    let cache: DecoderCache | undefined;
    const steps: tf.Tensor[] = [];
    for (let t = 0; t < length; t++) {
      const token = decoderIds.slice([0, t], [rows, 1]);
      const step = model.decodeStep({ inputIds: token, cache, encoder });
      cache?.dispose();
      cache = step.cache;
      steps.push(step.logits.expandDims(1));
      token.dispose();
      step.logits.dispose();
    }
    const cached = tf.concat(steps, 1);
    expect(relativeError(cached.dataSync(), full.logits!.dataSync())).toBeLessThanOrEqual(1e-5);
    cache?.dispose();
    encoder.dispose();
    tf.dispose([cached, ...steps, full.logits, full.loss, decoderIds, ...Object.values(inputs)]);
  });

  it("continues a multi-token first step and follows beam reordering of cache and encoder state", () => {
    const inputs = batch();
    const decoderIds = decoderInputsFromLabels(model, inputs.labels);
    const [rows, length] = decoderIds.shape;
    const order = tf.tensor1d([2, 0, 0], "int32");
    // Reference: every row's full forward, picked in the new order.
    const full = model.forward({ ...inputs, decoder_input_ids: decoderIds }, { training: false });
    const expected = tf
      .gather(full.logits!, order)
      .slice([0, length - 1, 0], [rows, 1, -1])
      .squeeze([1]);
    // Cached: a 3-token prompt, reorder rows, then one token at a time.
    const encoder = model.encode(inputs.input_ids, inputs.attention_mask);
    const first = model.decodeStep({ inputIds: decoderIds.slice([0, 0], [rows, 3]), encoder });
    first.logits.dispose();
    let cache = first.cache.reorder(order);
    const reordered = encoder.select(order);
    const reorderedIds = tf.gather(decoderIds, order);
    let logits: tf.Tensor | undefined;
    for (let t = 3; t < length; t++) {
      const token = reorderedIds.slice([0, t], [rows, 1]);
      const step = model.decodeStep({ inputIds: token, cache, encoder: reordered });
      cache.dispose();
      cache = step.cache;
      logits?.dispose();
      logits = step.logits;
      token.dispose();
    }
    expect(relativeError(logits!.dataSync(), expected.dataSync())).toBeLessThanOrEqual(1e-5);
    tf.dispose([
      logits!,
      expected,
      order,
      reorderedIds,
      full.logits,
      full.loss,
      decoderIds,
      ...Object.values(inputs),
    ]);
    cache.dispose();
    encoder.dispose();
    reordered.dispose();
  });

  it("saves bit-identical tensors under the names HF stored, keeps config.json's fields, and loads again", async () => {
    await withTempDir(`${name}-round-trip-`, async (dir) => {
      await model.savePretrained(dir);
      await expectSameSafetensors(
        join(dir, "model.safetensors"),
        referencePath(`models/${name}/model.safetensors`),
      );
      const originalConfig = readReferenceJson<HFConfig>(`models/${name}/config.json`);
      const savedConfig = JSON.parse(await readFile(join(dir, "config.json"), "utf8")) as HFConfig;
      for (const [key, value] of Object.entries(originalConfig)) {
        if (key === "transformers_version") continue;
        expect(savedConfig[key], key).toEqual(value);
      }
      const originalGeneration = readReferenceJson<HFConfig>(`models/${name}/generation_config.json`);
      const savedGeneration = JSON.parse(
        await readFile(join(dir, "generation_config.json"), "utf8"),
      ) as HFConfig;
      expect(savedGeneration).toEqual(originalGeneration);
      const again = (await fromPretrained(dir)) as unknown as Model;
      const inputs = batch();
      const [first, second] = [model, again].map((m) => m.forward(inputs, { training: false }));
      expect(Array.from(second.logits!.dataSync())).toEqual(Array.from(first.logits!.dataSync()));
      tf.dispose([first.logits, first.loss, second.logits, second.loss, ...Object.values(inputs)]);
      again.dispose();
    });
  });
});

describe("BART floating point operations", () => {
  it("add up to HF's total_flos over the bart-seq2seq run (6 × input tokens × non-embedding parameters)", async () => {
    interface RunData {
      train: { input_ids: number[] }[];
    }
    interface Run {
      args: { per_device_train_batch_size: number; num_train_epochs: number };
      log_history: { total_flos?: number }[];
    }
    const data = readReferenceJson<RunData>("runs/bart-seq2seq/data.json");
    const run = readReferenceJson<Run>("runs/bart-seq2seq/run.json");
    const model = (await fromPretrained(referencePath("models/bart"))) as unknown as Model;
    const perEpoch = epochFloatingPointOps(model, data.train, run.args.per_device_train_batch_size);
    const totalFlos = run.log_history.find((entry) => entry.total_flos !== undefined)?.total_flos;
    expect(perEpoch * run.args.num_train_epochs).toBe(totalFlos);
    model.dispose();
  });
});
