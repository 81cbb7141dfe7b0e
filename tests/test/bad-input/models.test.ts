import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, loadModelFiles, ModelForwardError, type TrainableModel } from "@tfjs-trainer/core";
import { DataCollatorWithPadding, type HostBatch, hostTensor } from "@tfjs-trainer/data";
import { fromPretrained, type PreTrainedModel } from "@tfjs-trainer/models";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flatWeights, makeTrainer, tempDir } from "../helpers/make-trainer.js";
import { toyClassificationRows } from "../helpers/toy-data.js";
import { expectNoTfjsInternals, numTensors, rejection, thrown } from "./outcomes.js";

const MODELS = join(import.meta.dirname, "../../../fixtures/hf-reference/models");
const loaded: PreTrainedModel[] = [];

async function model(name: string): Promise<PreTrainedModel> {
  const m = await fromPretrained(join(MODELS, name));
  loaded.push(m);
  return m;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});
afterAll(() => {
  for (const m of loaded) m.dispose();
});

function weightsOf(m: TrainableModel): Float32Array[] {
  return m.namedParameters().map((p) => p.variable.dataSync() as Float32Array);
}

/** A forward on ids of `length` tokens (zeros: every id is valid), disposing whatever it returns. */
function forwardOn(m: TrainableModel, length: number, extra: Record<string, tf.Tensor> = {}): void {
  const inputs = { input_ids: tf.zeros([1, length], "int32"), ...extra };
  try {
    tf.dispose(Object.values(m.forward(inputs, { training: false })));
  } finally {
    tf.dispose(Object.values(inputs));
  }
}

describe("bad input: sequences longer than the model's positions", () => {
  it("BERT names the length, the limit and max_position_embeddings", async () => {
    const bert = await model("bert-seqcls");
    const error = thrown(() => forwardOn(bert, 65));
    expect(error.message).toBe(
      "BERT: 65 positions exceed max_position_embeddings 64 of its config (its table of learned positions has 64 " +
        "rows): truncate the inputs to at most 64 tokens",
    );
  });

  it("GPT-2 names n_positions (its name for the limit)", async () => {
    const gpt2 = await model("gpt2");
    const error = thrown(() => forwardOn(gpt2, 65));
    expect(error.message).toMatch(/^GPT-2: 65 positions exceed n_positions 64 of its config/);
  });

  it("BART names the side (encoder or decoder) and max_position_embeddings", async () => {
    const bart = await model("bart");
    const encoder = thrown(() => forwardOn(bart, 65, { labels: tf.zeros([1, 3], "int32") }));
    expect(encoder.message).toMatch(/^BART encoder: 65 positions exceed max_position_embeddings 64/);
    const decoder = thrown(() => forwardOn(bart, 5, { labels: tf.zeros([1, 70], "int32") }));
    expect(decoder.message).toMatch(/^BART decoder: 70 positions exceed max_position_embeddings 64/);
  });

  it("T5 has relative positions and no such limit: a long sequence runs", async () => {
    const t5 = await model("t5");
    expect(() => forwardOn(t5, 100, { labels: tf.zeros([1, 3], "int32") })).not.toThrow();
  });

  it("through the Trainer the error also names the batch's shapes, and nothing is trained", async () => {
    const bert = await model("bert-seqcls");
    const rows = toyClassificationRows(8).map((row) => ({ ...row, input_ids: new Array(70).fill(1) }));
    const trainer = makeTrainer(
      {},
      { model: bert, logger: () => {}, trainDataset: new InMemoryDataset(rows) },
    );
    const before = flatWeights(trainer);
    const tensors = numTensors();
    const error = await rejection(trainer.train());
    expect(error).toBeInstanceOf(ModelForwardError);
    expect(error.message).toBe(
      "BertForSequenceClassification.forward failed on the batch {input_ids int32 [4, 70], attention_mask int32 " +
        "[4, 70], labels int32 [4]}: BERT: 70 positions exceed max_position_embeddings 64 of its config (its " +
        "table of learned positions has 64 rows): truncate the inputs to at most 64 tokens",
    );
    expect(flatWeights(trainer)).toEqual(before);
    expect(numTensors()).toBe(tensors);
  });
});

/** A collator whose attention_mask is two columns wider than input_ids (a bug in user code). */
function misalignedCollator(rows: Parameters<ReturnType<typeof DataCollatorWithPadding>>[0]): HostBatch {
  const batch = DataCollatorWithPadding({ padTokenId: 0 })(rows);
  const [b, t] = batch.input_ids.shape;
  batch.attention_mask = hostTensor("int32", [b, t + 2], new Array(b * (t + 2)).fill(1));
  return batch;
}

describe("bad input: a forward on inputs of the wrong shape", () => {
  it("a shape error from inside tfjs is wrapped, naming the model and every input's dtype and shape", async () => {
    const trainer = makeTrainer(
      { train_sampling_strategy: "sequential" },
      { logger: () => {}, dataCollator: misalignedCollator },
    );
    const tensors = numTensors();
    const error = await rejection(trainer.train());
    expect(error).toBeInstanceOf(ModelForwardError);
    expect(error.message).toMatch(
      /^TinyForSequenceClassification\.forward failed on the batch \{input_ids int32 \[4, (\d+)\], attention_mask int32 \[4, \d+\], labels int32 \[4\]\}: /,
    );
    // the tfjs complaint is kept, as the cause, for whoever debugs the model itself
    expect((error.cause as Error).message).toMatch(/broadcast/);
    expect(numTensors()).toBe(tensors);
  });

  it("BERT checks the mask against input_ids itself, before any op", async () => {
    const bert = await model("bert-seqcls");
    const trainer = makeTrainer({}, { model: bert, logger: () => {}, dataCollator: misalignedCollator });
    const error = await rejection(trainer.evaluate());
    expect(error.message).toMatch(
      /^BertForSequenceClassification\.forward failed on the batch \{input_ids int32 \[4, (\d+)\], attention_mask int32 \[4, \d+\], labels int32 \[4\]\}: BERT: attention_mask has shape \[4, \d+\] but input_ids is \[4, \1\]; they must match$/,
    );
    expectNoTfjsInternals(error);
  });

  it("ids of the wrong rank name the input and the shape expected", async () => {
    const bert = await model("bert-seqcls");
    const flat = tf.ones([12], "int32");
    const error = thrown(() => bert.forward({ input_ids: flat }, { training: false }));
    flat.dispose();
    expect(error.message).toBe("input_ids must be [batch, sequence], got shape [12]");
  });
});

describe("bad input: a checkpoint from another model", () => {
  it("loadModelFiles names the file and the first tensors that differ, expected against found", async () => {
    const seqcls = await model("bert-seqcls");
    const before = weightsOf(seqcls);
    const file = join(MODELS, "bert-tokcls", "model.safetensors");
    const error = await rejection(loadModelFiles(seqcls, join(MODELS, "bert-tokcls")));
    expect(error.message).toBe(
      `${file} does not fit BertForSequenceClassification (a checkpoint of another model?): no tensor ` +
        '"bert.pooler.dense.weight" (the model needs [32, 32]); no tensor "bert.pooler.dense.bias" (the model ' +
        'needs [32]); tensor "classifier.weight" is [5, 32], the model needs [3, 32]; and 1 more. The file holds ' +
        "39 tensors (bert.embeddings.LayerNorm.bias, bert.embeddings.LayerNorm.weight, " +
        "bert.embeddings.position_embeddings.weight, …).",
    );
    expect(weightsOf(seqcls)).toEqual(before);
  });

  it("fromPretrained with a config of another size names the file and the tensor shapes", async () => {
    const dir = tempDir("other-size-");
    cpSync(join(MODELS, "bert-seqcls"), dir, { recursive: true });
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    config.id2label = { 0: "NO", 1: "YES" };
    config.label2id = { NO: 0, YES: 1 };
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    const error = await rejection(fromPretrained(dir));
    expect(error.message).toBe(
      `${join(dir, "model.safetensors")} does not fit the model's shapes (a checkpoint of another ` +
        'configuration?): tensor "classifier.bias" is [3], the model needs [2]; tensor "classifier.weight" is ' +
        "[3, 32], the model needs [2, 32]",
    );
  });

  it("fromPretrained of another architecture's weights refuses to load nothing", async () => {
    // a BERT config beside GPT-2's weights: no tensor name in common
    const dir = tempDir("other-architecture-");
    cpSync(join(MODELS, "bert-seqcls", "config.json"), join(dir, "config.json"));
    cpSync(join(MODELS, "gpt2", "model.safetensors"), join(dir, "model.safetensors"));
    const error = await rejection(fromPretrained(dir, { warn: () => {} }));
    expect(error.message).toMatch(
      /\/model\.safetensors: none of its 28 tensors is a weight of this model \(the file holds transformer\.h\.0\..*; the model needs bert\.embeddings\.word_embeddings\.weight, .*\): is it a checkpoint of another architecture\?$/,
    );
  });
});
