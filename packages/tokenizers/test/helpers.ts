import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Encoding } from "../src/index";

export const fixturesDir = fileURLToPath(new URL("./fixtures/", import.meta.url));

/**
 * The UCI Sentiment Labelled Sentences (CC BY 4.0) the `sentiment` package ships: 3000 review sentences, trimmed,
 * in file order (the same loading as tools/make-fixtures.mjs).
 */
export function loadSentences(): string[] {
  const require = createRequire(import.meta.url);
  const dir = require.resolve("sentiment/package.json").replace(/package\.json$/, "");
  return ["imdb", "amazon", "yelp"].flatMap((name) =>
    (JSON.parse(readFileSync(`${dir}test/fixtures/${name}.json`, "utf8")) as { text: string }[]).map((row) =>
      row.text.trim(),
    ),
  );
}

/** One row as tools/make_reference.py writes what transformers returned. */
export interface HfRow {
  input_ids: number[];
  token_type_ids: number[];
  attention_mask: number[];
  special_tokens_mask: number[];
  tokens: string[];
  offsets: [number, number][];
  word_ids: (number | null)[];
  sequence_ids: (number | null)[];
}

/** Our encoding in the reference's shape: the windows, first then overflowing, as HF returns rows. */
export function asHfRows(encoding: Encoding): HfRow[] {
  return [encoding, ...encoding.overflowing].map((window) => ({
    input_ids: window.inputIds,
    token_type_ids: window.tokenTypeIds,
    attention_mask: window.attentionMask,
    special_tokens_mask: window.specialTokensMask,
    tokens: window.tokens,
    offsets: window.offsets,
    word_ids: window.wordIds,
    sequence_ids: window.sequenceIds,
  }));
}
