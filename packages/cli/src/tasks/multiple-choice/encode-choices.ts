import type { Feature } from "@tfjs-trainer/data";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import type { ChoiceRow } from "./choice-rows.js";

/** Rows encoded per call: one encodeBatch of their pairs keeps the tokenizer's threads busy. */
const ROWS_PER_BATCH = 256;

/**
 * run_swag's preprocess_function: each example becomes one pair per ending, (context, question + " " + ending),
 * truncated to max_seq_length; the example's feature holds the choices' ids, masks and type ids as lists of
 * lists (one per choice), and the label.
 */
export async function encodeChoices(
  rows: readonly ChoiceRow[],
  tokenizer: PreTrainedTokenizer,
  maxSeqLength: number,
): Promise<Feature[]> {
  const features: Feature[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_BATCH) {
    const chunk = rows.slice(start, start + ROWS_PER_BATCH);
    const pairs = chunk.flatMap((row) =>
      row.endings.map((ending): [string, string] => [row.context, `${row.question} ${ending}`]),
    );
    const encodings = await tokenizer.encodeBatch(pairs, { truncation: true, maxLength: maxSeqLength });
    let next = 0;
    for (const row of chunk) {
      const choices = encodings.slice(next, next + row.endings.length);
      next += row.endings.length;
      features.push({
        input_ids: choices.map((encoding) => encoding.inputIds),
        attention_mask: choices.map((encoding) => encoding.attentionMask),
        token_type_ids: choices.map((encoding) => encoding.tokenTypeIds),
        ...(row.label === undefined ? {} : { label: row.label }),
      });
    }
  }
  return features;
}
