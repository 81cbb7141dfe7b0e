import { l as rougeLcs, n as rougeN, sentenceSegment } from "js-rouge";
import { stemmer } from "stemmer";

/**
 * rouge_score's tokenizer with use_stemmer=True (what run_summarization asks for): lowercase, anything but [a-z0-9]
 * separates tokens, and tokens longer than 3 characters are Porter-stemmed. rouge_score uses NLTK's PorterStemmer,
 * whose default mode adds a few irregular forms (e.g. "dying" → "die") to Porter's algorithm; `stemmer` is the
 * algorithm itself, so those few words stem differently.
 */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .map((token) => (token.length > 3 ? stemmer(token) : token))
    .filter((token) => /^[a-z0-9]+$/.test(token));
}

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
  rougeLsum: number;
}

const oneSentence = (text: string) => [text];
/** run_summarization puts each sentence on its own line (nltk.sent_tokenize) for rougeLsum; this is that split. */
const sentences = (text: string) => sentenceSegment(text).filter((sentence) => sentence.trim().length > 0);

/** One prediction against its reference: F1 of each ROUGE type, 0 when either side has no token (rouge_score). */
export function rougeOf(prediction: string, reference: string): RougeScores {
  if (rougeTokens(prediction).length === 0 || rougeTokens(reference).length === 0) {
    return { rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0 };
  }
  return {
    rouge1: rougeN(prediction, reference, { n: 1, tokenizer: rougeTokens }),
    rouge2: rougeN(prediction, reference, { n: 2, tokenizer: rougeTokens }),
    rougeL: rougeLcs(prediction, reference, { tokenizer: rougeTokens, segmenter: oneSentence }),
    // summary-level LCS: the union of each reference sentence's LCS with every predicted sentence
    rougeLsum: rougeLcs(prediction, reference, { tokenizer: rougeTokens, segmenter: sentences }),
  };
}

/**
 * The mean F1 over the examples × 100, as run_summarization prints it. (HF's `evaluate` "rouge" reports the median
 * of 1,000 bootstrap resamples of that mean, which differs from it by sampling noise only; the mean is reproducible.)
 */
export function meanRouge(predictions: readonly string[], references: readonly string[]): RougeScores {
  if (predictions.length !== references.length) {
    throw new Error(`rouge: ${predictions.length} predictions for ${references.length} references`);
  }
  const sum: RougeScores = { rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0 };
  predictions.forEach((prediction, i) => {
    const scores = rougeOf(prediction, references[i]);
    for (const key of Object.keys(sum) as (keyof RougeScores)[]) sum[key] += scores[key];
  });
  const scale = 100 / Math.max(1, predictions.length);
  return {
    rouge1: sum.rouge1 * scale,
    rouge2: sum.rouge2 * scale,
    rougeL: sum.rougeL * scale,
    rougeLsum: sum.rougeLsum * scale,
  };
}
