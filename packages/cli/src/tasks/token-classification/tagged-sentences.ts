import { ConfigError } from "../../config/config-error.js";
import type { Row } from "../task.js";

/** One row of a token-classification file: its words and, where the split has them, one tag per word. */
export interface TaggedSentence {
  words: string[];
  /** Tags as the file has them (names or ids), one per word; absent in a test split without labels. */
  tags?: unknown[];
}

export interface SentenceColumns {
  tokens_column: string;
  label_column: string;
}

/**
 * Reads and checks every row (HF's `is_split_into_words` input): a list of word strings and, when the row has the
 * label column, a list of as many tags. A mistake names the file field, the row and the data field.
 */
export function readTaggedSentences(
  rows: readonly Row[],
  columns: SentenceColumns,
  file: string,
): TaggedSentence[] {
  return rows.map((row, i) => {
    const fail = (detail: string) => new ConfigError(file, `row ${i + 1}`, detail);
    const tokensField = `data.tokens_column "${columns.tokens_column}"`;
    const labelField = `data.label_column "${columns.label_column}"`;
    const words = row[columns.tokens_column];
    if (!Array.isArray(words) || !words.every((word) => typeof word === "string")) {
      throw fail(`${tokensField} must be a list of words (strings), got ${preview(words)}`);
    }
    if (words.length === 0) throw fail(`${tokensField} has no words`);
    if (!(columns.label_column in row)) return { words };
    const tags = row[columns.label_column];
    if (!Array.isArray(tags) || tags.length !== words.length) {
      throw fail(
        `${labelField} must be a list of one tag per word (${words.length} words), got ${preview(tags)}`,
      );
    }
    tags.forEach((tag, j) => {
      if (typeof tag !== "string" && typeof tag !== "number") {
        throw fail(`${labelField}[${j}] must be a string or a number, got ${preview(tag)}`);
      }
    });
    return { words, tags };
  });
}

/** The words of a train row as one text, for training the tokenizer (a tagged row is already split into words). */
export function sentenceText(row: Row, columns: SentenceColumns): string[] {
  const words = row[columns.tokens_column];
  if (!Array.isArray(words)) {
    throw new ConfigError(
      "data.train_file",
      `data.tokens_column "${columns.tokens_column}"`,
      `must be a list of words, got ${preview(words)}`,
    );
  }
  return [words.join(" ")];
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
