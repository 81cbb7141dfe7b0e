import { DataCollatorWithPadding, type Feature } from "@tfjs-trainer/data";
import type { Encoding, PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { accuracyOfArgmax, majorityClassBaseline, writePredictResults } from "./shared/classification.js";
import { labelSpace } from "./shared/labels.js";
import { defineTask, type Row, SPLIT_FILE_FIELDS } from "./task.js";

const dataSchema = z.object({
  text_column: z.string().default("sentence").describe("Column holding the text to classify."),
  text_pair_column: z.string().optional().describe("Second text of a pair task (e.g. MRPC's sentence2)."),
  label_column: z.string().default("label").describe("Column holding the class (a name or an id)."),
  max_seq_length: z.number().int().positive().default(128).describe("Longer inputs are truncated."),
});
type Data = z.output<typeof dataSchema>;

/** run_glue.py on your own files: sentence (or pair) classification, scored by accuracy. */
export default defineTask({
  name: "text-classification",
  hfScript: "run_glue.py",
  description: "Classify a sentence or a sentence pair (accuracy; baseline: the majority class).",
  dataSchema,
  defaultArchitecture: "BertForSequenceClassification",
  tokenizerModel: "wordpiece",
  requiredColumns: (data, split) => ({
    text_column: data.text_column,
    ...(data.text_pair_column ? { text_pair_column: data.text_pair_column } : {}),
    ...(split === "test" ? {} : { label_column: data.label_column }),
  }),
  texts: (row, data) =>
    [row[data.text_column], data.text_pair_column && row[data.text_pair_column]].filter(isText),
  async prepare({ data, splits, tokenizer, pretrainedConfig }) {
    if (!tokenizer) throw new Error("text-classification needs a tokenizer");
    const labelRows = splits.train ?? splits.validation ?? [];
    const labels = labelSpace(labelRows, data.label_column, pretrainedConfig);
    const encodeSplit = async (rows: Row[] | undefined, file: string) =>
      rows && new InMemoryDataset(await encodeRows(rows, data, tokenizer, (row, i) => labelOf(row, i, file)));
    const labelOf = (row: Row, i: number, file: string) =>
      data.label_column in row ? labels.idOf(row[data.label_column], `${file} row ${i + 1}`) : undefined;
    return {
      modelConfig: {
        ...labels.config,
        vocab_size: tokenizer.vocabSize,
        pad_token_id: tokenizer.padTokenId ?? 0,
      },
      train: await encodeSplit(splits.train, SPLIT_FILE_FIELDS.train),
      validation: await encodeSplit(splits.validation, SPLIT_FILE_FIELDS.validation),
      test: await encodeSplit(splits.test, SPLIT_FILE_FIELDS.test),
      dataCollator: DataCollatorWithPadding({ padTokenId: tokenizer.padTokenId ?? 0 }),
      computeMetrics: accuracyOfArgmax,
      baseline: majorityClassBaseline(splits, data.label_column),
      writePredictions: writePredictResults((id) => labels.names[id]),
    };
  },
});

function isText(value: unknown): value is string {
  return typeof value === "string";
}

async function encodeRows(
  rows: Row[],
  data: Data,
  tokenizer: PreTrainedTokenizer,
  labelOf: (row: Row, index: number) => number | undefined,
): Promise<Feature[]> {
  const inputs = rows.map((row): string | [string, string] =>
    data.text_pair_column
      ? [String(row[data.text_column]), String(row[data.text_pair_column])]
      : String(row[data.text_column]),
  );
  const encodings = await tokenizer.encodeBatch(inputs, { truncation: true, maxLength: data.max_seq_length });
  return encodings.map((encoding: Encoding, i: number): Feature => {
    const label = labelOf(rows[i], i);
    return {
      input_ids: encoding.inputIds,
      attention_mask: encoding.attentionMask,
      token_type_ids: encoding.tokenTypeIds,
      ...(label === undefined ? {} : { label }),
    };
  });
}
