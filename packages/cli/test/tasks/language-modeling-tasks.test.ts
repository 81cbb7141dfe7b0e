import { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { IGNORE_INDEX, type TrainingArguments } from "tfjs-trainer";
import { describe, expect, it } from "vitest";
import causalLm from "../../src/tasks/causal-lm.js";
import maskedLm from "../../src/tasks/masked-lm.js";
import type { Row } from "../../src/tasks/task.js";

const TEXTS = [
  "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse,",
  "and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part",
  "of the world. It is a way I have of driving off the spleen and regulating the circulation.",
];
const rows: Row[] = TEXTS.map((text) => ({ text }));
const args = { seed: 7 } as TrainingArguments;
const quiet = () => {};

describe("causal-lm prepare", () => {
  it("cuts the concatenated tokens into blocks whose labels are their input ids, and scores a unigram baseline", async () => {
    const tokenizer = await PreTrainedTokenizer.train({ model: "bpe", vocabSize: 300, texts: TEXTS });
    const tokens = (await tokenizer.encodeBatch(TEXTS)).flatMap((e) => e.inputIds);
    const data = causalLm.dataSchema.parse({ block_size: 16 });
    const prepared = await causalLm.prepare({
      data,
      splits: { train: rows, validation: rows },
      tokenizer,
      args,
      pretrainedConfig: undefined,
      log: quiet,
    });
    const train = prepared.train!;
    expect(train.length).toBe(Math.floor(tokens.length / 16));
    const second = train.get(1) as Record<string, number[]>;
    expect(second.input_ids).toEqual(tokens.slice(16, 32));
    expect(second.labels).toEqual(second.input_ids);
    expect(prepared.modelConfig).toMatchObject({ vocab_size: tokenizer.vocabSize });
    // validation is train here: the unigram model's perplexity is finite and below the vocabulary size
    expect(prepared.baseline!.metrics.perplexity).toBeGreaterThan(1);
    expect(prepared.baseline!.metrics.perplexity).toBeLessThan(tokenizer.vocabSize);
    expect(prepared.metricsAfterEvaluation!({ eval_loss: Math.log(5) }, "eval").perplexity).toBeCloseTo(
      5,
      10,
    );
  });

  it("refuses a block size no split can fill, naming the file and the field", async () => {
    const tokenizer = await PreTrainedTokenizer.train({ model: "bpe", vocabSize: 300, texts: TEXTS });
    const data = causalLm.dataSchema.parse({ block_size: 4096 });
    await expect(
      causalLm.prepare({
        data,
        splits: { train: rows },
        tokenizer,
        args,
        pretrainedConfig: undefined,
        log: quiet,
      }),
    ).rejects.toThrow(/^data\.train_file: data\.block_size: its \d+ tokens make no block of 4096/);
  });
});

describe("masked-lm prepare", () => {
  it("masks only ordinary tokens, from a stream seeded by the run's seed", async () => {
    const tokenizer = await PreTrainedTokenizer.train({ model: "wordpiece", vocabSize: 200, texts: TEXTS });
    const prepare = async (lineByLine: boolean) =>
      maskedLm.prepare({
        data: maskedLm.dataSchema.parse({
          max_seq_length: 16,
          line_by_line: lineByLine,
          mlm_probability: 0.5,
        }),
        splits: { train: rows },
        tokenizer,
        args,
        pretrainedConfig: undefined,
        log: quiet,
      });
    const withSpecials = (await tokenizer.encodeBatch(TEXTS)).flatMap((e) => e.inputIds);
    const special = new Set([tokenizer.clsTokenId, tokenizer.sepTokenId, tokenizer.padTokenId]);
    for (const lineByLine of [false, true]) {
      const prepared = await prepare(lineByLine);
      const train = prepared.train!;
      const features = Array.from(
        { length: train.length },
        (_, i) => train.get(i) as Record<string, number[]>,
      );
      // line by line: one example per text, [CLS] … [SEP] truncated to 16; grouped: blocks of exactly 16
      expect(features.length).toBe(lineByLine ? TEXTS.length : Math.floor(withSpecials.length / 16));
      expect(features.every((f) => (lineByLine ? f.input_ids.length <= 16 : f.input_ids.length === 16))).toBe(
        true,
      );
      const batch = prepared.dataCollator(features);
      const labels = batch.labels.data;
      let masked = 0;
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] === IGNORE_INDEX) continue;
        masked++;
        expect(special.has(labels[i])).toBe(false);
      }
      expect(masked).toBeGreaterThan(0);
      // the same seed draws the same masks
      const again = (await prepare(lineByLine)).dataCollator(features);
      expect([...again.labels.data]).toEqual([...labels]);
    }
  });
});
