import { DataCollatorForSeq2Seq } from "@tfjs-trainer/data";
import seq2seq, { type Seq2SeqSettings } from "@tfjs-trainer/plugin-seq2seq";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { InMemoryDataset, type Metrics, type TrainingArguments } from "tfjs-trainer";
import type { PreparedTask, RawSplits } from "../task.js";
import type { Seq2SeqData } from "./data-fields.js";
import { encodePairs, type TextPair } from "./encode-pairs.js";
import { decodeRows, generatedIds, idRows, meanGeneratedLength } from "./generated-text.js";
import { writeGeneratedPredictions } from "./predictions-file.js";
import { seq2seqModelConfig, specialIds } from "./special-tokens.js";

/** What summarization and translation tell the shared preparation. */
export interface Seq2SeqTaskSpec {
  task: string;
  data: Seq2SeqData;
  pairs: Partial<Record<keyof RawSplits, TextPair[]>>;
  tokenizer: PreTrainedTokenizer | undefined;
  args: TrainingArguments;
  /** The task's metrics (HF's names, × 100) of generated texts against the references. */
  score(predictions: string[], references: string[]): Record<string, number>;
  /** A trivial predictor's texts for the validation pairs, in order, scored like the model. */
  baseline?: { name: string; predictions(pairs: readonly TextPair[]): string[] };
}

/**
 * HF's run_summarization / run_translation after the columns are read: sources and targets tokenized, the seq2seq
 * collator, Seq2SeqTrainer's generation in evaluate and predict (the plugin), and compute_metrics on the decoded
 * generations, which HF sets only with predict_with_generate (without it, evaluation reports the loss alone).
 */
export async function prepareSeq2Seq(spec: Seq2SeqTaskSpec): Promise<PreparedTask> {
  const { task, data, pairs, tokenizer } = spec;
  if (!tokenizer) throw new Error(`${task} needs a tokenizer`);
  const ids = specialIds(tokenizer, task);
  const evalTargetLength = data.val_max_target_length ?? data.max_target_length;
  const encode = async (split: keyof RawSplits) => {
    const rows = pairs[split];
    if (!rows) return undefined;
    const maxTargetLength = split === "train" ? data.max_target_length : evalTargetLength;
    const limits = {
      prefix: data.source_prefix,
      addPrefixSpace: data.add_prefix_space,
      maxSourceLength: data.max_source_length,
      maxTargetLength,
    };
    return encodePairs(rows, tokenizer, ids, limits);
  };
  const [train, validation, test] = [await encode("train"), await encode("validation"), await encode("test")];
  const args = spec.args as TrainingArguments & Partial<Seq2SeqSettings>;
  const references = async (labels: number[][]) => decodeRows(tokenizer, labels);
  return {
    modelConfig: seq2seqModelConfig(tokenizer, ids),
    train: train && new InMemoryDataset(train),
    validation: validation && new InMemoryDataset(validation),
    test: test && new InMemoryDataset(test),
    dataCollator: DataCollatorForSeq2Seq({ padTokenId: ids.pad }),
    computeMetrics: args.predict_with_generate
      ? async ({ predictions, label_ids }): Promise<Metrics> => {
          const generated = idRows(generatedIds(predictions, task), ids.pad);
          if (!label_ids) throw new Error(`${task}: the metrics need the targets (labels) of the split`);
          const labels = idRows(generatedIds(label_ids, task), ids.pad);
          const texts = await decodeRows(tokenizer, generated);
          return {
            ...spec.score(texts, await references(labels)),
            gen_len: meanGeneratedLength(generated, ids.pad),
          };
        }
      : undefined,
    plugins: [
      seq2seq({
        // HF's scripts override these two arguments from the data fields before building the trainer
        generation_max_length: args.generation_max_length ?? evalTargetLength,
        generation_num_beams: data.num_beams ?? args.generation_num_beams ?? null,
        replaceIgnoreIndex: "both",
      }),
    ],
    baseline: await baselineOf(spec, validation, references),
    writePredictions: (output, dir) => writeGeneratedPredictions(output, dir, tokenizer, ids.pad, task),
  };
}

async function baselineOf(
  spec: Seq2SeqTaskSpec,
  validation: { labels?: unknown }[] | undefined,
  references: (labels: number[][]) => Promise<string[]>,
): Promise<PreparedTask["baseline"]> {
  const pairs = spec.pairs.validation;
  if (!spec.baseline || !pairs || !validation || pairs.some((pair) => pair.target === undefined))
    return undefined;
  const labels = validation.map((feature) => feature.labels as number[]);
  return {
    name: spec.baseline.name,
    metrics: spec.score(spec.baseline.predictions(pairs), await references(labels)),
  };
}
