import type { ResolvedGeneration } from "./resolve.js";

/**
 * Rewrites the next-token scores of each row in place, given each row's tokens so far (prompt included, as HF's
 * processors see input_ids). Scores are float32 rows of `vocab` values, one row per entry of `rows`.
 */
export type ScoresProcessor = (
  scores: Float32Array,
  vocab: number,
  rows: readonly (readonly number[])[],
) => void;

/**
 * HF's logits processors that greedy and beam search apply by default from the generation config, in HF's order:
 * repetition penalty, no-repeat n-gram, minimum length, forced first token, forced last token.
 */
export function logitsProcessors(config: ResolvedGeneration): ScoresProcessor[] {
  const processors: ScoresProcessor[] = [];
  if (config.repetitionPenalty !== 1) processors.push(repetitionPenalty(config.repetitionPenalty));
  if (config.noRepeatNgramSize > 0) processors.push(noRepeatNgram(config.noRepeatNgramSize));
  if (config.minLength > 0 && config.eosTokenIds.length > 0)
    processors.push(minLength(config.minLength, config.eosTokenIds));
  if (config.forcedBosTokenId !== undefined) processors.push(forcedTokenAt(1, [config.forcedBosTokenId]));
  if (config.forcedEosTokenIds.length > 0)
    processors.push(forcedTokenAt(config.maxLength - 1, config.forcedEosTokenIds));
  return processors;
}

export function applyProcessors(
  processors: readonly ScoresProcessor[],
  scores: Float32Array,
  vocab: number,
  rows: readonly (readonly number[])[],
): void {
  for (const process of processors) process(scores, vocab, rows);
}

/** RepetitionPenaltyLogitsProcessor: each token already in the row, once, gets score·p (negative) or score/p. */
export function repetitionPenalty(penalty: number): ScoresProcessor {
  return (scores, vocab, rows) => {
    rows.forEach((tokens, row) => {
      for (const tokenId of new Set(tokens)) {
        const at = row * vocab + tokenId;
        const score = scores[at];
        scores[at] = score < 0 ? score * penalty : score / penalty;
      }
    });
  };
}

/**
 * NoRepeatNGramLogitsProcessor: bans every token that would complete an n-gram already present in the row (prompt
 * included), i.e. the tokens that followed earlier occurrences of the row's last n − 1 tokens.
 */
export function noRepeatNgram(size: number): ScoresProcessor {
  return (scores, vocab, rows) => {
    rows.forEach((tokens, row) => {
      const length = tokens.length;
      if (length + 1 < size) return;
      const prefixStart = length - size + 1;
      for (let start = 0; start + size <= length; start++) {
        let same = true;
        for (let k = 0; k < size - 1 && same; k++) same = tokens[start + k] === tokens[prefixStart + k];
        if (same) scores[row * vocab + tokens[start + size - 1]] = Number.NEGATIVE_INFINITY;
      }
    });
  };
}

/** MinLengthLogitsProcessor (and MinNewTokensLength, which resolves to the same row length): no eos before it. */
export function minLength(length: number, eosTokenIds: readonly number[]): ScoresProcessor {
  return (scores, vocab, rows) => {
    rows.forEach((tokens, row) => {
      if (tokens.length >= length) return;
      for (const eos of eosTokenIds) if (eos < vocab) scores[row * vocab + eos] = Number.NEGATIVE_INFINITY;
    });
  };
}

/**
 * ForcedBOS/ForcedEOSTokenLogitsProcessor: when a row has `length` tokens, only the forced token(s) remain possible
 * (score 0, every other −∞).
 */
export function forcedTokenAt(length: number, tokenIds: readonly number[]): ScoresProcessor {
  return (scores, vocab, rows) => {
    rows.forEach((tokens, row) => {
      if (tokens.length !== length) return;
      scores.fill(Number.NEGATIVE_INFINITY, row * vocab, (row + 1) * vocab);
      for (const id of tokenIds) if (id < vocab) scores[row * vocab + id] = 0;
    });
  };
}
