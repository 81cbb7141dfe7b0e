import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { readSafetensorsFile, writeSafetensorsFile } from "@tfjs-trainer/safetensors";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type BertForMaskedLM,
  type BertForQuestionAnswering,
  type BertForSequenceClassification,
  BertModel,
} from "../src/bert/index.js";
import type { PreTrainedModel } from "../src/common/pretrained-model.js";
import { fromPretrained } from "../src/common/pretrained-model.js";
import { bertForwardCases, tinyBatch, tinyBertConfig } from "./helpers/bert.js";
import { expectSameSafetensors, referencePath, suiteTempDir } from "./helpers/fixtures.js";
import { disposeAll, expectAllClose } from "./helpers/tensors.js";

const cases = bertForwardCases();
const scratch = suiteTempDir("bert-save-load-");

beforeAll(async () => {
  await tf.setBackend("cpu");
});

async function readJsonFile(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, "utf8"));
}

function valuesOf(model: PreTrainedModel, name: string): Float32Array {
  return model.weight(name).dataSync() as Float32Array;
}

describe("BERT checkpoints in HF's format", () => {
  it.each(cases)(
    "%s: saved model.safetensors equals HF's bit for bit, config keeps HF's fields",
    async (name) => {
      const source = referencePath(`models/${name}/`);
      const model = await fromPretrained(source);
      const out = join(scratch(), name);
      await model.savePretrained(out);

      await expectSameSafetensors(join(out, "model.safetensors"), join(source, "model.safetensors"));
      const original = await readJsonFile(join(source, "config.json"));
      const saved = await readJsonFile(join(out, "config.json"));
      expect(saved).toMatchObject(original);

      const reloaded = await fromPretrained(out, { warn: () => {} });
      expect(reloaded.modelClass).toBe(model.modelClass);
      const batch = tinyBatch(2, 6, reloaded.config.vocab_size as number);
      const inputs =
        name === "bert-mc"
          ? {
              input_ids: batch.input_ids.reshape([1, 2, 6]),
              attention_mask: batch.attention_mask.reshape([1, 2, 6]),
            }
          : batch;
      const before = model.forward(inputs, { training: false });
      const after = reloaded.forward(inputs, { training: false });
      for (const key of Object.keys(before)) {
        expect(Array.from(after[key]!.dataSync()), key).toEqual(Array.from(before[key]!.dataSync()));
      }
      disposeAll(before);
      disposeAll(after);
      disposeAll(batch);
      if (inputs !== batch) disposeAll(inputs);
      model.dispose();
      reloaded.dispose();
    },
  );

  it("keeps raw config fields it does not use and writes its own architecture", async () => {
    const model = new BertModel(
      tinyBertConfig({ some_future_field: { nested: [1, 2] }, hidden_dropout_prob: 0.2 }),
    );
    const out = join(scratch(), "raw-fields");
    await model.savePretrained(out);
    const saved = await readJsonFile(join(out, "config.json"));
    expect(saved.some_future_field).toEqual({ nested: [1, 2] });
    expect(saved.hidden_dropout_prob).toBe(0.2);
    expect(saved.architectures).toEqual(["BertModel"]);
    expect(saved.model_type).toBe("bert");
    // defaults HF writes too, so HF reads the same model back
    expect(saved.layer_norm_eps).toBe(1e-12);
    expect(saved.type_vocab_size).toBe(2);
    model.dispose();
  });

  it("stores the MLM decoder once (tied to the word embeddings) and accepts files that carry it", async () => {
    const model = await fromPretrained<BertForMaskedLM>(referencePath("models/bert-mlm/"));
    expect(model.weight("cls.predictions.decoder.weight")).toBe(
      model.weight("bert.embeddings.word_embeddings.weight"),
    );
    expect(model.weight("cls.predictions.decoder.bias")).toBe(model.weight("cls.predictions.bias"));
    const names = model.namedParameters().map((p) => p.name);
    expect(names).not.toContain("cls.predictions.decoder.weight");

    // an older file layout: the tied tensors written under both names, and a changed embedding table
    const legacy = join(scratch(), "mlm-legacy");
    await model.savePretrained(legacy);
    const { tensors } = await readSafetensorsFile(join(legacy, "model.safetensors"));
    const embeddings = tensors.get("bert.embeddings.word_embeddings.weight")!;
    const changed = { ...embeddings, data: embeddings.data.map((v) => v * 2) as Float32Array };
    const withDecoder = Object.fromEntries([
      ...tensors,
      ["bert.embeddings.word_embeddings.weight", changed],
      ["cls.predictions.decoder.weight", changed],
      ["cls.predictions.decoder.bias", tensors.get("cls.predictions.bias")!],
    ]);
    await writeSafetensorsFile(join(legacy, "model.safetensors"), withDecoder);
    const warnings: string[] = [];
    const reloaded = await fromPretrained<BertForMaskedLM>(legacy, { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(Array.from(valuesOf(reloaded, "cls.predictions.decoder.weight"))).toEqual(
      Array.from(changed.data),
    );
    model.dispose();
    reloaded.dispose();
  });

  it("loads a base BertModel checkpoint into a head: body weights kept, head weights initialised, a warning", async () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    const base = await fromPretrained<BertModel>(referencePath("models/bert-seqcls/"), {
      architecture: "BertModel",
      warn,
    });
    expect(base).toBeInstanceOf(BertModel);
    expect(warnings.some((w) => /does not use: .*classifier\.weight/.test(w))).toBe(true);
    const baseDir = join(scratch(), "base");
    await base.savePretrained(baseDir);
    const baseNames = [...(await readSafetensorsFile(join(baseDir, "model.safetensors"))).tensors.keys()];
    expect(baseNames).toContain("embeddings.word_embeddings.weight");
    expect(baseNames.some((n) => n.startsWith("bert.") || n.startsWith("classifier"))).toBe(false);

    warnings.length = 0;
    const config = await readJsonFile(join(baseDir, "config.json"));
    const head = await fromPretrained<BertForSequenceClassification>(baseDir, {
      architecture: "BertForSequenceClassification",
      warn,
      seed: 3,
    });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/newly initialised: classifier\.weight, classifier\.bias/);
    expect(Array.from(valuesOf(head, "bert.pooler.dense.weight"))).toEqual(
      Array.from(valuesOf(base, "pooler.dense.weight")),
    );
    expect(valuesOf(head, "classifier.bias").every((v) => v === 0)).toBe(true);
    const classifier = valuesOf(head, "classifier.weight");
    expect(classifier.length).toBe((config.hidden_size as number) * head.numLabels);
    expect(classifier.some((v) => v !== 0)).toBe(true);
    // the head computes its classifier on exactly the base model's pooled output
    const batch = tinyBatch(2, 5, config.vocab_size as number);
    const fromBase = base.forward(batch, { training: false });
    const fromHead = head.forward(batch, { training: false });
    const expected = tf.tidy(() =>
      tf.add(
        tf.matMul(fromBase.pooler_output!, head.weight("classifier.weight"), false, true),
        head.weight("classifier.bias"),
      ),
    );
    expect(fromHead.logits!.shape).toEqual([2, head.numLabels]);
    expectAllClose(fromHead.logits!.dataSync(), expected.dataSync(), 5);
    expected.dispose();
    disposeAll(fromHead);

    // a head without a pooler reports the pooler as unused, like HF
    warnings.length = 0;
    const qa = await fromPretrained<BertForQuestionAnswering>(baseDir, {
      architecture: "BertForQuestionAnswering",
      warn,
    });
    expect(warnings.some((w) => /does not use: .*pooler\.dense\.weight/.test(w))).toBe(true);
    expect(warnings.some((w) => /newly initialised: qa_outputs\.weight, qa_outputs\.bias/.test(w))).toBe(
      true,
    );
    disposeAll(fromBase);
    disposeAll(batch);
    for (const m of [base, head, qa]) m.dispose();
  });
});
