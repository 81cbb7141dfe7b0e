import { Seq2SeqTrainingArguments } from "@tfjs-trainer/plugin-seq2seq";
import { z } from "zod";
import { corpusBleu } from "./seq2seq/bleu.js";
import { seq2seqDataShape } from "./seq2seq/data-fields.js";
import type { TextPair } from "./seq2seq/encode-pairs.js";
import { prepareSeq2Seq } from "./seq2seq/prepare-seq2seq.js";
import { readPairs } from "./seq2seq/read-pairs.js";
import { defineTask, type RawSplits, type Row } from "./task.js";

const dataSchema = z.object({
  translation_column: z
    .string()
    .default("translation")
    .describe('Column holding each pair as {"<source_lang>": str, "<target_lang>": str} (WMT rows).'),
  source_lang: z.string().min(1).describe('Key of the source text in the translation column, e.g. "en".'),
  target_lang: z.string().min(1).describe('Key of the target text in the translation column, e.g. "ro".'),
  ...seq2seqDataShape,
});
type Data = z.output<typeof dataSchema>;

/** run_translation.py on your own files: an encoder-decoder translates, scored by sacreBLEU. */
export default defineTask({
  name: "translation",
  hfScript: "run_translation.py",
  description:
    "Translate a text with an encoder-decoder (bleu as sacreBLEU's corpus score, gen_len; baseline: copying the " +
    "source).",
  dataSchema,
  defaultArchitecture: "BartForConditionalGeneration",
  tokenizerModel: "bpe",
  trainingArguments: Seq2SeqTrainingArguments,
  requiredColumns: (data) => ({ translation_column: data.translation_column }),
  texts: (row, data) => {
    const pair = row[data.translation_column] as Record<string, unknown> | undefined;
    return [pair?.[data.source_lang], pair?.[data.target_lang]].filter((t) => typeof t === "string");
  },
  async prepare({ data, splits, tokenizer, args }) {
    const pairs = readPairs(splits, (row, split, where) => translationPair(row, data, split, where));
    return prepareSeq2Seq({
      task: "translation",
      data,
      pairs,
      tokenizer,
      args,
      // run_translation: sacrebleu with one reference per prediction, its "score" reported as "bleu"
      score: (predictions, references) => ({
        bleu: corpusBleu(
          predictions,
          references.map((reference) => [reference]),
        ).score,
      }),
      baseline: {
        name: "copying the source",
        predictions: (validation) => validation.map((pair) => pair.source),
      },
    });
  },
});

function translationPair(row: Row, data: Data, split: keyof RawSplits, where: string): TextPair {
  const pair = row[data.translation_column];
  const column = `data.translation_column "${data.translation_column}"`;
  if (typeof pair !== "object" || pair === null || Array.isArray(pair)) {
    throw new Error(`${where}: ${column} must be an object keyed by language, not ${JSON.stringify(pair)}`);
  }
  const texts = pair as Record<string, unknown>;
  const textOf = (field: "source_lang" | "target_lang") => {
    const lang = data[field];
    const text = texts[lang];
    if (text === undefined && field === "target_lang" && split === "test") return undefined;
    if (typeof text !== "string") {
      throw new Error(
        `${where}: data.${field} "${lang}": ${column} has no text for it (keys: ${Object.keys(texts).join(", ")})`,
      );
    }
    return text;
  };
  return { source: textOf("source_lang") as string, target: textOf("target_lang") };
}
