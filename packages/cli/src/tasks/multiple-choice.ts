import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { choiceBaselines } from "./multiple-choice/baselines.js";
import { type ChoiceRow, choiceTexts, readChoiceRows } from "./multiple-choice/choice-rows.js";
import { DataCollatorForMultipleChoice } from "./multiple-choice/collator.js";
import { encodeChoices } from "./multiple-choice/encode-choices.js";
import { accuracyOfArgmax, writePredictResults } from "./shared/classification.js";
import { defineTask, type RawSplits, SPLIT_FILE_FIELDS } from "./task.js";

const dataSchema = z.object({
  context_column: z.string().default("sent1").describe("Column holding the context (SWAG's sent1)."),
  question_column: z
    .string()
    .default("sent2")
    .describe("Column holding the start of the continuation, put before each ending (SWAG's sent2)."),
  ending_columns: z
    .array(z.string())
    .min(2)
    .default(["ending0", "ending1", "ending2", "ending3"])
    .describe("Columns holding the candidate endings, in label order."),
  label_column: z.string().default("label").describe("Column holding the index of the right ending."),
  max_seq_length: z
    .number()
    .int()
    .positive()
    .default(128)
    .describe("Each (context, question + ending) pair is truncated to this many tokens."),
});

/** run_swag.py on your own files: pick the right ending of a context among several, scored by accuracy. */
export default defineTask({
  name: "multiple-choice",
  hfScript: "run_swag.py",
  description: "Pick the ending that continues a context (accuracy; baseline: the majority label).",
  dataSchema,
  defaultArchitecture: "BertForMultipleChoice",
  tokenizerModel: "wordpiece",
  requiredColumns: (data, split) => ({
    context_column: data.context_column,
    question_column: data.question_column,
    ...Object.fromEntries(data.ending_columns.map((column, i) => [`ending_columns[${i}]`, column])),
    ...(split === "test" ? {} : { label_column: data.label_column }),
  }),
  texts: (row, data) => choiceTexts(row, data),
  async prepare({ data, splits, tokenizer, log }) {
    if (!tokenizer) throw new Error("multiple-choice needs a tokenizer");
    const read = (split: keyof RawSplits) =>
      splits[split] && readChoiceRows(splits[split], data, SPLIT_FILE_FIELDS[split]);
    const rows = { train: read("train"), validation: read("validation"), test: read("test") };
    const encode = async (split?: ChoiceRow[]) =>
      split && new InMemoryDataset(await encodeChoices(split, tokenizer, data.max_seq_length));
    const baselines = choiceBaselines(rows.train ?? [], rows.validation ?? []);
    for (const baseline of baselines) {
      log(`baseline on validation, ${baseline.name}: accuracy ${baseline.accuracy.toFixed(4)}`);
    }
    return {
      modelConfig: { vocab_size: tokenizer.vocabSize, pad_token_id: tokenizer.padTokenId ?? 0 },
      train: await encode(rows.train),
      validation: await encode(rows.validation),
      test: await encode(rows.test),
      dataCollator: DataCollatorForMultipleChoice({ padTokenId: tokenizer.padTokenId ?? 0 }),
      computeMetrics: accuracyOfArgmax,
      // the majority label is what "knows nothing" scores; the stronger lexical pickers are logged above
      baseline: baselines[0] && { name: baselines[0].name, metrics: { accuracy: baselines[0].accuracy } },
      writePredictions: writePredictResults((choice) => choice),
    };
  },
});
