import { defaultDataCollator } from "@tfjs-trainer/data";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { ConfigError } from "../config/config-error.js";
import { groupTexts, type TokenColumns } from "./language-modeling/group-texts.js";
import { languageModelScoring } from "./language-modeling/scoring.js";
import { resolveSequenceLength } from "./language-modeling/sequence-length.js";
import { textsOf } from "./language-modeling/text-rows.js";
import { unigramBaseline } from "./language-modeling/unigram-baseline.js";
import { defineTask, type RawSplits, type Row, SPLIT_FILE_FIELDS } from "./task.js";

const dataSchema = z.object({
  text_column: z.string().default("text").describe("Column holding the text."),
  block_size: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe(
      "Tokens per example: the texts are concatenated and cut into blocks of this size (the remainder is " +
        "dropped). Default: the tokenizer's model_max_length, at most 1024.",
    ),
});

/** run_clm.py on your own files: next-token prediction on blocks of concatenated text (perplexity, accuracy). */
export default defineTask({
  name: "causal-lm",
  hfScript: "run_clm.py",
  description:
    "Predict each next token of running text (perplexity, token accuracy; baseline: a unigram model).",
  dataSchema,
  defaultArchitecture: "GPT2LMHeadModel",
  tokenizerModel: "bpe",
  requiredColumns: (data) => ({ text_column: data.text_column }),
  texts: (row, data) => (typeof row[data.text_column] === "string" ? [row[data.text_column] as string] : []),
  async prepare({ data, splits, tokenizer, pretrainedConfig, log }) {
    if (!tokenizer) throw new Error("causal-lm needs a tokenizer");
    const blockSize = resolveSequenceLength(
      data.block_size,
      "data.block_size",
      tokenizer.modelMaxLength,
      pretrainedConfig,
      log,
    );
    const tokenized: Partial<Record<keyof RawSplits, TokenColumns[]>> = {};
    const blocks: Partial<Record<keyof RawSplits, TokenColumns[]>> = {};
    for (const split of ["train", "validation", "test"] as const) {
      const rows = splits[split];
      if (!rows) continue;
      tokenized[split] = await tokenize(rows, data.text_column, SPLIT_FILE_FIELDS[split], tokenizer);
      blocks[split] = toBlocks(tokenized[split], blockSize, SPLIT_FILE_FIELDS[split], log);
    }
    const dataset = (split: keyof RawSplits) => blocks[split] && new InMemoryDataset(blocks[split]);
    const baseline = unigramBaseline(
      (tokenized.train ?? []).flatMap((row) => row.input_ids),
      // what the model is scored on: every block's tokens after the first (the shifted labels)
      (blocks.validation ?? []).flatMap((block) => block.labels.slice(1)),
      tokenizer.vocabSize,
    );
    return {
      modelConfig: {
        vocab_size: tokenizer.vocabSize,
        bos_token_id: tokenizer.bosTokenId ?? null,
        eos_token_id: tokenizer.eosTokenId ?? null,
      },
      train: dataset("train"),
      validation: dataset("validation"),
      test: dataset("test"),
      // blocks all have one length, so run_clm stacks them without padding
      dataCollator: defaultDataCollator,
      ...(await languageModelScoring(tokenizer, baseline, true)),
    };
  },
});

/** run_clm's tokenize_function: each text whole, with the tokenizer's own special tokens (none for GPT-2's BPE). */
async function tokenize(
  rows: Row[],
  column: string,
  file: string,
  tokenizer: PreTrainedTokenizer,
): Promise<TokenColumns[]> {
  const encodings = await tokenizer.encodeBatch(textsOf(rows, column, file));
  return encodings.map((encoding) => ({
    input_ids: encoding.inputIds,
    attention_mask: encoding.attentionMask,
  }));
}

/** group_texts, with labels = input_ids (GPT2LMHeadModel shifts them inside its loss). */
function toBlocks(
  rows: TokenColumns[],
  blockSize: number,
  file: string,
  log: (m: string) => void,
): TokenColumns[] {
  const grouped = groupTexts(rows, blockSize);
  if (grouped.blocks.length === 0) {
    throw new ConfigError(
      file,
      "data.block_size",
      `its ${grouped.tokens} tokens make no block of ${blockSize}: lower data.block_size or give more text`,
    );
  }
  log(
    `${file}: ${grouped.tokens} tokens → ${grouped.blocks.length} blocks of ${blockSize} ` +
      `(${grouped.dropped} left over, dropped)`,
  );
  return grouped.blocks.map((block) => ({ ...block, labels: [...block.input_ids] }));
}
