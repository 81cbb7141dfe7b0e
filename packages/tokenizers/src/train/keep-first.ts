import { TokenizerError } from "../errors";

/**
 * The first `size` distinct entries of a vocabulary listed most useful first. `required` entries (special tokens
 * and the alphabet) must all fit. As with HF's trainers, `size` is an upper bound: a corpus too small to learn that
 * many entries gives all it learnt.
 */
export function keepFirst(entries: string[], size: number, required: number): string[] {
  const distinct = [...new Set(entries)];
  if (size < required) {
    throw new TokenizerError(
      `vocabSize ${size} is too small: the special tokens and this corpus's alphabet alone take ${required} entries`,
    );
  }
  return distinct.slice(0, size);
}
