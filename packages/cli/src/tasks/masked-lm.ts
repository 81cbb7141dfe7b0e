import { DataCollatorForLanguageModeling } from "@tfjs-trainer/data";
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
  max_seq_length: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe("Tokens per example. Default: the tokenizer's model_max_length, at most 1024."),
  line_by_line: z
    .boolean()
    .default(false)
    .describe(
      "true: each non-empty text is one example (truncated); false: the texts are concatenated and cut into " +
        "blocks of max_seq_length (the remainder is dropped).",
    ),
  mlm_probability: z
    .number()
    .gt(0)
    .max(1)
    .default(0.15)
    .describe("Share of the tokens selected for prediction in each batch (BERT's 80/10/10 masking)."),
});
type Data = z.output<typeof dataSchema>;

/** run_mlm.py on your own files: BERT's masked-token prediction (perplexity, masked-token accuracy). */
export default defineTask({
  name: "masked-lm",
  hfScript: "run_mlm.py",
  description:
    "Predict masked tokens from both sides (perplexity, masked-token accuracy; baseline: a unigram model).",
  dataSchema,
  defaultArchitecture: "BertForMaskedLM",
  tokenizerModel: "wordpiece",
  requiredColumns: (data) => ({ text_column: data.text_column }),
  texts: (row, data) => (typeof row[data.text_column] === "string" ? [row[data.text_column] as string] : []),
  async prepare({ data, splits, tokenizer, args, pretrainedConfig, log }) {
    if (!tokenizer) throw new Error("masked-lm needs a tokenizer");
    const { maskTokenId, padTokenId } = tokenizer;
    if (maskTokenId === undefined || padTokenId === undefined) {
      throw new ConfigError(
        "masked-lm",
        "tokenizer",
        "has no mask token or no pad token, which masked language modelling needs " +
          '(train a wordpiece one: tokenizer.train.model "wordpiece")',
      );
    }
    const maxSeqLength = resolveSequenceLength(
      data.max_seq_length,
      "data.max_seq_length",
      tokenizer.modelMaxLength,
      pretrainedConfig,
      log,
    );
    const features: Partial<Record<keyof RawSplits, TokenColumns[]>> = {};
    for (const split of ["train", "validation", "test"] as const) {
      const rows = splits[split];
      if (rows)
        features[split] = await examplesOf(
          rows,
          data,
          maxSeqLength,
          SPLIT_FILE_FIELDS[split],
          tokenizer,
          log,
        );
    }
    // HF's get_special_tokens_mask: every special token is left unmasked (the trainer drops a special_tokens_mask
    // column before collation, as HF's does, since the model does not read it)
    const specialTokenIds = specialIdsOf(tokenizer);
    const maskable = (rows: TokenColumns[] | undefined) =>
      (rows ?? []).flatMap((row) => row.input_ids.filter((id) => !specialTokenIds.includes(id)));
    // Masking picks positions regardless of the token, so the maskable tokens' distribution is the masked targets'.
    const baseline = unigramBaseline(
      maskable(features.train),
      maskable(features.validation),
      tokenizer.vocabSize,
    );
    const dataset = (split: keyof RawSplits) => features[split] && new InMemoryDataset(features[split]);
    return {
      modelConfig: { vocab_size: tokenizer.vocabSize, pad_token_id: padTokenId },
      train: dataset("train"),
      validation: dataset("validation"),
      test: dataset("test"),
      dataCollator: DataCollatorForLanguageModeling({
        padTokenId,
        mlm: true,
        mlmProbability: data.mlm_probability,
        maskTokenId,
        vocabSize: tokenizer.vocabSize,
        specialTokenIds,
        // its own stream: the trainer's dropout stream is seeded with the same number
        seed: `masked-lm:${args.seed}`,
      }),
      ...(await languageModelScoring(tokenizer, baseline, false)),
    };
  },
});

/**
 * run_mlm's two ways: line by line (each non-blank text one example, truncated, padded by the collator), or
 * group_texts (the texts with their [CLS] … [SEP] concatenated and cut into blocks).
 */
async function examplesOf(
  rows: Row[],
  data: Data,
  maxSeqLength: number,
  file: string,
  tokenizer: PreTrainedTokenizer,
  log: (message: string) => void,
): Promise<TokenColumns[]> {
  const texts = textsOf(rows, data.text_column, file);
  if (data.line_by_line) {
    const lines = texts.filter((text) => text.trim() !== "");
    if (lines.length === 0)
      throw new Error(`${file}: data.text_column "${data.text_column}" has no non-blank text`);
    const encodings = await tokenizer.encodeBatch(lines, { truncation: true, maxLength: maxSeqLength });
    log(`${file}: ${lines.length} texts, one example each (at most ${maxSeqLength} tokens)`);
    return encodings.map(columnsOf);
  }
  const grouped = groupTexts((await tokenizer.encodeBatch(texts)).map(columnsOf), maxSeqLength);
  if (grouped.blocks.length === 0) {
    throw new ConfigError(
      file,
      "data.max_seq_length",
      `its ${grouped.tokens} tokens make no block of ${maxSeqLength}: lower data.max_seq_length, give more ` +
        "text or set data.line_by_line",
    );
  }
  log(
    `${file}: ${grouped.tokens} tokens → ${grouped.blocks.length} blocks of ${maxSeqLength} ` +
      `(${grouped.dropped} left over, dropped)`,
  );
  return grouped.blocks;
}

function columnsOf(encoding: {
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
}): TokenColumns {
  return {
    input_ids: encoding.inputIds,
    attention_mask: encoding.attentionMask,
    token_type_ids: encoding.tokenTypeIds,
  };
}

function specialIdsOf(tokenizer: PreTrainedTokenizer): number[] {
  const ids = [
    tokenizer.padTokenId,
    tokenizer.unkTokenId,
    tokenizer.clsTokenId,
    tokenizer.sepTokenId,
    tokenizer.maskTokenId,
    tokenizer.bosTokenId,
    tokenizer.eosTokenId,
  ];
  return [...new Set(ids.filter((id): id is number => id !== undefined))];
}
