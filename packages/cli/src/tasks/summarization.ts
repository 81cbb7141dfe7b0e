import { Seq2SeqTrainingArguments } from "@tfjs-trainer/plugin-seq2seq";
import { z } from "zod";
import { seq2seqDataShape } from "./seq2seq/data-fields.js";
import type { TextPair } from "./seq2seq/encode-pairs.js";
import { prepareSeq2Seq } from "./seq2seq/prepare-seq2seq.js";
import { readPairs } from "./seq2seq/read-pairs.js";
import { meanRouge } from "./seq2seq/rouge.js";
import { defineTask, type Row } from "./task.js";

const dataSchema = z.object({
  text_column: z.string().default("document").describe("Column holding the text to summarize."),
  summary_column: z.string().default("summary").describe("Column holding the reference summary."),
  ...seq2seqDataShape,
});
type Data = z.output<typeof dataSchema>;

/** run_summarization.py on your own files: an encoder-decoder writes the summary, scored by ROUGE. */
export default defineTask({
  name: "summarization",
  hfScript: "run_summarization.py",
  description:
    "Write a summary of a text with an encoder-decoder (rouge1, rouge2, rougeL, rougeLsum, gen_len; baseline: " +
    "copying the text).",
  dataSchema,
  defaultArchitecture: "BartForConditionalGeneration",
  tokenizerModel: "bpe",
  trainingArguments: Seq2SeqTrainingArguments,
  requiredColumns: (data, split) => ({
    text_column: data.text_column,
    ...(split === "test" ? {} : { summary_column: data.summary_column }),
  }),
  texts: (row, data) =>
    [row[data.text_column], row[data.summary_column]].filter((t) => typeof t === "string"),
  async prepare({ data, splits, tokenizer, args }) {
    const pairs = readPairs(splits, (row, _split, where) => summaryPair(row, data, where));
    return prepareSeq2Seq({
      task: "summarization",
      data,
      pairs,
      tokenizer,
      args,
      score: (predictions, references) => ({ ...meanRouge(predictions, references) }),
      baseline: {
        name: "copying the text",
        predictions: (validation) => validation.map((pair) => pair.source),
      },
    });
  },
});

function summaryPair(row: Row, data: Data, where: string): TextPair {
  const source = row[data.text_column];
  const target = row[data.summary_column];
  if (typeof source !== "string") {
    throw new Error(
      `${where}: data.text_column "${data.text_column}" must be a string, not ${JSON.stringify(source)}`,
    );
  }
  if (target !== undefined && typeof target !== "string") {
    throw new Error(
      `${where}: data.summary_column "${data.summary_column}" must be a string, not ${JSON.stringify(target)}`,
    );
  }
  return { source, target };
}
