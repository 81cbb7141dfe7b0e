import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataCollatorWithPadding, type Feature } from "@tfjs-trainer/data";
import type { Encoding, PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { argmaxLastAxis, firstOutput } from "./shared/argmax.js";
import { labelSpace, mostFrequent } from "./shared/labels.js";
import { defineTask, type Row } from "./task.js";

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
    const majority = mostFrequent((splits.train ?? []).map((row) => String(row[data.label_column])));
    const validationLabels = (splits.validation ?? []).map((row) => String(row[data.label_column]));
    return {
      modelConfig: {
        ...labels.config,
        vocab_size: tokenizer.vocabSize,
        pad_token_id: tokenizer.padTokenId ?? 0,
      },
      train: await encodeSplit(splits.train, "data.train_file"),
      validation: await encodeSplit(splits.validation, "data.validation_file"),
      test: await encodeSplit(splits.test, "data.test_file"),
      dataCollator: DataCollatorWithPadding({ padTokenId: tokenizer.padTokenId ?? 0 }),
      computeMetrics: ({ predictions, label_ids }) => ({
        accuracy: accuracy(argmaxLastAxis(firstOutput(predictions)), firstOutput(label_ids!).data),
      }),
      baseline:
        majority === undefined || validationLabels.length === 0
          ? undefined
          : {
              name: `majority class "${majority}"`,
              metrics: {
                accuracy: validationLabels.filter((l) => l === majority).length / validationLabels.length,
              },
            },
      async writePredictions(output, dir) {
        const predicted = argmaxLastAxis(firstOutput(output.predictions!));
        const lines = ["index\tprediction", ...[...predicted].map((id, i) => `${i}\t${labels.names[id]}`)];
        const path = join(dir, "predict_results.txt");
        await writeFile(path, `${lines.join("\n")}\n`);
        return path;
      },
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

function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}
