import type { Feature } from "@tfjs-trainer/data";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import type { Seq2SeqSpecialIds } from "./special-tokens.js";

/** One example: the text to read and, except in a test split without targets, the text to write. */
export interface TextPair {
  source: string;
  target?: string;
}

export interface EncodeLimits {
  prefix: string;
  /** A space before each text (HF's add_prefix_space). */
  addPrefixSpace: boolean;
  maxSourceLength: number;
  maxTargetLength: number;
}

/**
 * HF's preprocess_function of run_summarization / run_translation: prefix + source → input_ids (truncated), target
 * → labels (truncated). A target that does not end with eos (a byte-level BPE adds no special tokens) gets one, so
 * the model learns to stop; the collator pads labels with -100, which the loss ignores.
 */
export async function encodePairs(
  pairs: readonly TextPair[],
  tokenizer: PreTrainedTokenizer,
  ids: Seq2SeqSpecialIds,
  limits: EncodeLimits,
): Promise<Feature[]> {
  const space = limits.addPrefixSpace ? " " : "";
  const sources = await tokenizer.encodeBatch(
    pairs.map((pair) => space + limits.prefix + pair.source),
    { truncation: true, maxLength: limits.maxSourceLength },
  );
  const withTargets = pairs.filter((pair) => pair.target !== undefined);
  const targets = await tokenizer.encodeBatch(
    withTargets.map((pair) => space + (pair.target as string)),
    { truncation: true, maxLength: limits.maxTargetLength },
  );
  let next = 0;
  return pairs.map((pair, i): Feature => {
    const feature: Feature = { input_ids: sources[i].inputIds, attention_mask: sources[i].attentionMask };
    if (pair.target !== undefined)
      feature.labels = endWithEos(targets[next++].inputIds, ids.eos, limits.maxTargetLength);
    return feature;
  });
}

function endWithEos(labels: readonly number[], eos: number, maxLength: number): number[] {
  if (labels.at(-1) === eos) return [...labels];
  return [...labels.slice(0, maxLength - 1), eos];
}
