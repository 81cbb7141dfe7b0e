import { TokenizerError } from "../errors";

/**
 * The first `size` distinct entries of a vocabulary listed most useful first. `required` entries (special tokens
 * and the alphabet) must all fit; the corpus must have produced enough entries to reach `size` exactly.
 */
export function keepFirst(entries: string[], size: number, required: number): string[] {
  const distinct = [...new Set(entries)];
  if (size < required) {
    throw new TokenizerError(
      `vocabSize ${size} is too small: the special tokens and this corpus's alphabet alone take ${required} entries`,
    );
  }
  if (distinct.length < size) {
    throw new TokenizerError(
      `vocabSize ${size} is more than training produced (${distinct.length} entries): use a larger corpus or a ` +
        "smaller vocabSize (the Rust trainer stops at 30000 learnt entries)",
    );
  }
  return distinct.slice(0, size);
}
