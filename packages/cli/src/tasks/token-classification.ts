import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { DataCollatorForTokenClassification } from "@tfjs-trainer/data";
import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { firstOutput } from "./shared/argmax.js";
import { labelSpace } from "./shared/labels.js";
import { defineTask, type RawSplits, SPLIT_FILE_FIELDS } from "./task.js";
import { type TaggingBaseline, taggingBaselines } from "./token-classification/baselines.js";
import { type EncodedSentences, encodeSentences } from "./token-classification/encode-sentences.js";
import { labelledSequences, nameOf, predictedIds } from "./token-classification/predicted-tags.js";
import {
  readTaggedSentences,
  sentenceText,
  type TaggedSentence,
} from "./token-classification/tagged-sentences.js";
import { isChunkTagSet, scoreTagging } from "./token-classification/tagging-metrics.js";

const dataSchema = z.object({
  tokens_column: z
    .string()
    .default("tokens")
    .describe("Column holding each sentence's words (a list of strings)."),
  label_column: z
    .string()
    .default("ner_tags")
    .describe("Column holding one tag per word (names or ids), e.g. ner_tags or pos_tags."),
  max_seq_length: z
    .number()
    .int()
    .positive()
    .default(128)
    .describe("Longer sentences are truncated; the words cut off are not scored."),
  label_all_tokens: z
    .boolean()
    .default(false)
    .describe(
      "Give every sub-token its word's tag (B- becomes I- after the first), not only the first sub-token.",
    ),
});

/** run_ner.py on your own files: one tag per word (NER chunks or POS tags), scored like seqeval. */
export default defineTask({
  name: "token-classification",
  hfScript: "run_ner.py",
  description:
    "Tag every word (NER, POS) (accuracy, and entity precision/recall/f1 for IOB tags; baseline: each word's most " +
    "frequent tag in train, or the majority tag).",
  dataSchema,
  defaultArchitecture: "BertForTokenClassification",
  tokenizerModel: "wordpiece",
  requiredColumns: (data, split) => ({
    tokens_column: data.tokens_column,
    ...(split === "test" ? {} : { label_column: data.label_column }),
  }),
  texts: (row, data) => sentenceText(row, data),
  async prepare({ data, splits, tokenizer, pretrainedConfig, log }) {
    if (!tokenizer) throw new Error("token-classification needs a tokenizer");
    const sentences = readSplits(splits, data);
    const tagRows = (sentences.train ?? sentences.validation ?? []).flatMap((s) =>
      (s.tags ?? []).map((tag) => ({ tag })),
    );
    const labels = labelSpace(tagRows, "tag", pretrainedConfig);
    const chunks = isChunkTagSet(labels.names);
    const continuation = continuationTags(labels.names);
    const tagOnToken = (tag: string, first: boolean) => (first ? tag : (continuation.get(tag) ?? tag));
    const encode = async (split: keyof RawSplits) => {
      const rows = sentences[split];
      return (
        rows &&
        encodeSentences(rows, tokenizer, {
          maxSeqLength: data.max_seq_length,
          labelAllTokens: data.label_all_tokens,
          labelId: (tag, first) =>
            labels.idOf(tagOnToken(String(tag), first), `data.label_column "${data.label_column}"`),
          file: SPLIT_FILE_FIELDS[split],
        })
      );
    };
    const encoded = {
      train: await encode("train"),
      validation: await encode("validation"),
      test: await encode("test"),
    };
    const baseline = strongest(
      sentences.train && sentences.validation && encoded.validation
        ? taggingBaselines({
            train: sentences.train,
            validation: sentences.validation,
            scored: encoded.validation.scored,
            tagOnToken,
            chunks,
          })
        : [],
      chunks ? "f1" : "accuracy",
      log,
    );
    const dataset = (split?: EncodedSentences) => split && new InMemoryDataset(split.features);
    return {
      modelConfig: {
        ...labels.config,
        vocab_size: tokenizer.vocabSize,
        pad_token_id: tokenizer.padTokenId ?? 0,
      },
      train: dataset(encoded.train),
      validation: dataset(encoded.validation),
      test: dataset(encoded.test),
      dataCollator: DataCollatorForTokenClassification({ padTokenId: tokenizer.padTokenId ?? 0 }),
      // Only the argmax leaves the device: logits [rows, tokens, labels] would be num_labels times larger.
      preprocessLogitsForMetrics: (logits) => tf.argMax(Array.isArray(logits) ? logits[0] : logits, -1),
      computeMetrics: ({ predictions, label_ids }) => {
        const { gold, predicted } = labelledSequences(
          firstOutput(predictions),
          firstOutput(label_ids!),
          labels.names,
        );
        return scoreTagging(gold, predicted, chunks);
      },
      baseline,
      async writePredictions(output, dir) {
        // the split `predict` ran on: test, else validation
        const scored = (encoded.test ?? encoded.validation)?.scored;
        const { ids, width } = predictedIds(firstOutput(output.predictions!));
        if (!scored || scored.length * width !== ids.length) {
          throw new Error(
            `token-classification: predictions do not match the ${encoded.test ? "test" : "validation"} split`,
          );
        }
        const lines = scored.map((tokens, row) =>
          tokens.map((token) => nameOf(labels.names, ids[row * width + token.position])).join(" "),
        );
        const path = join(dir, "predictions.txt");
        await writeFile(path, `${lines.join("\n")}\n`);
        return path;
      },
    };
  },
});

function readSplits(
  splits: RawSplits,
  data: z.output<typeof dataSchema>,
): Partial<Record<keyof RawSplits, TaggedSentence[]>> {
  const read = (split: keyof RawSplits) => {
    const rows = splits[split];
    return rows && readTaggedSentences(rows, data, SPLIT_FILE_FIELDS[split]);
  };
  return { train: read("train"), validation: read("validation"), test: read("test") };
}

/** run_ner's b_to_i_label: the tag a B- tag becomes on a word's later sub-tokens, when the I- tag exists. */
function continuationTags(names: readonly string[]): Map<string, string> {
  const known = new Set(names);
  const map = new Map<string, string>();
  for (const name of names) {
    if (name.startsWith("B-") && known.has(`I-${name.slice(2)}`)) map.set(name, `I-${name.slice(2)}`);
  }
  return map;
}

/** The stronger baseline is the one printed beside the result; both are logged, so the weaker one is not lost. */
function strongest(
  baselines: TaggingBaseline[],
  metric: string,
  log: (message: string) => void,
): TaggingBaseline | undefined {
  for (const baseline of baselines) {
    const scores = Object.entries(baseline.metrics).map(([name, value]) => `${name} ${value.toFixed(4)}`);
    log(`baseline on validation, ${baseline.name}: ${scores.join(", ")}`);
  }
  return baselines.reduce<TaggingBaseline | undefined>(
    (best, baseline) => (best && best.metrics[metric] >= baseline.metrics[metric] ? best : baseline),
    undefined,
  );
}
