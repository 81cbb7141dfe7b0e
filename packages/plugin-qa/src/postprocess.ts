import { add32, softmaxScores, sub32, topIndices } from "./float32.js";
import type { NbestEntry, QaExample, QaFeatureMeta, QaOffset } from "./types.js";

/** Start and end logits of every feature: [features, positions] each (rows may be padded with -100). */
export interface StartEndLogits {
  start: ArrayLike<number>[];
  end: ArrayLike<number>[];
}

export interface PostprocessOptions {
  /** SQuAD v2: an example may have no answer (the null answer competes with the spans). Default false. */
  version_2_with_negative?: boolean;
  /** Start and end candidates per feature, and entries kept per example. Default 20. */
  n_best_size?: number;
  /** Longest answer, in tokens. Default 30. */
  max_answer_length?: number;
  /** v2: the null answer wins when null score - best span score > this. Default 0. */
  null_score_diff_threshold?: number;
}

/** What HF's postprocess_qa_predictions computes, in its order (the examples' order). */
export interface QaPostprocessResult {
  /** Example id → answer text ("" for a null answer). */
  predictions: Record<string, string>;
  /** Example id → n-best entries, best first. */
  nbest: Record<string, NbestEntry[]>;
  /** v2 only: example id → null score minus the best non-null span's score. */
  nullOdds?: Record<string, number>;
}

interface Candidate {
  offsets: [number, number];
  score: number;
  start_logit: number;
  end_logit: number;
}

/**
 * HF's postprocess_qa_predictions (examples/pytorch/question-answering/utils_qa.py) on start/end logits: each
 * example's features are scanned for the n_best_size best start and end positions; a pair is a candidate when both
 * tokens are in the context (offset not null), the end is not before the start, the span has at most
 * max_answer_length tokens (and the start has its maximum context, when features say). Candidates are ranked by
 * start + end logit (float32), the n-best kept and their texts cut from the context by character offsets, then given
 * softmax probabilities. For SQuAD v2 the lowest null score (CLS start + end) of the example's features joins the
 * candidates, and the answer is "" when null score - best non-null span score > null_score_diff_threshold.
 */
export function postprocessQaPredictions(
  examples: readonly QaExample[],
  features: readonly QaFeatureMeta[],
  logits: StartEndLogits,
  options: PostprocessOptions = {},
): QaPostprocessResult {
  const v2 = options.version_2_with_negative ?? false;
  const nBest = options.n_best_size ?? 20;
  const maxAnswerLength = options.max_answer_length ?? 30;
  const threshold = options.null_score_diff_threshold ?? 0;
  if (logits.start.length !== features.length || logits.end.length !== features.length) {
    throw new Error(`Got ${logits.start.length} predictions and ${features.length} features.`);
  }
  const featuresPerExample = groupFeatures(examples, features);
  const result: QaPostprocessResult = { predictions: {}, nbest: {} };
  if (v2) result.nullOdds = {};

  examples.forEach((example, exampleIndex) => {
    let minNull: Candidate | undefined;
    const prelim: Candidate[] = [];
    for (const featureIndex of featuresPerExample[exampleIndex]) {
      const start = logits.start[featureIndex];
      const end = logits.end[featureIndex];
      const { offset_mapping: offsets, token_is_max_context: maxContext } = features[featureIndex];
      const nullScore = add32(start[0], end[0]);
      // strictly lower: the first feature holding the minimum keeps it
      if (minNull === undefined || minNull.score > nullScore) {
        minNull = { offsets: [0, 0], score: nullScore, start_logit: start[0], end_logit: end[0] };
      }
      const ends = topIndices(end, nBest);
      for (const s of topIndices(start, nBest)) {
        for (const e of ends) {
          const so = contextOffset(offsets, s);
          const eo = contextOffset(offsets, e);
          if (!so || !eo) continue;
          if (e < s || e - s + 1 > maxAnswerLength) continue;
          if (maxContext != null && !maxContext[String(s)]) continue;
          prelim.push({
            offsets: [so[0], eo[1]],
            score: add32(start[s], end[e]),
            start_logit: start[s],
            end_logit: end[e],
          });
        }
      }
    }
    if (v2) {
      if (!minNull) throw new Error(`example "${example.id}" has no feature: a null answer needs one`);
      prelim.push(minNull);
    }
    // Array.prototype.sort is stable, as Python's sorted(reverse=True): equal scores keep their order
    const kept = prelim.sort((a, b) => b.score - a.score).slice(0, nBest);
    if (v2 && minNull && !kept.some((c) => c.offsets[0] === 0 && c.offsets[1] === 0)) kept.push(minNull);

    const entries = kept.map((c) => ({
      score: c.score,
      start_logit: c.start_logit,
      end_logit: c.end_logit,
      text: sliceContext(example.context, c.offsets[0], c.offsets[1]),
    }));
    // not a single non-null candidate: HF puts a placeholder first so there is always an answer
    let placeholder = false;
    if (entries.length === 0 || (entries.length === 1 && entries[0].text === "")) {
      entries.unshift({ text: "empty", start_logit: 0, end_logit: 0, score: 0 });
      placeholder = true;
    }
    const probabilities = softmaxScores(
      entries.map((p) => p.score),
      placeholder,
    );
    const nbest: NbestEntry[] = entries.map(({ score: _score, ...rest }, i) => ({
      ...rest,
      probability: probabilities[i],
    }));

    if (!v2) {
      result.predictions[example.id] = nbest[0].text;
    } else {
      const best = nbest.find((p) => p.text !== "");
      if (!best) throw new Error(`example "${example.id}": every n-best entry is empty`);
      const diff = sub32(sub32(minNull!.score, best.start_logit), best.end_logit);
      result.nullOdds![example.id] = diff;
      result.predictions[example.id] = diff > threshold ? "" : best.text;
    }
    result.nbest[example.id] = nbest;
  });
  return result;
}

/** Feature indices of each example, in feature order (HF's features_per_example). */
function groupFeatures(examples: readonly QaExample[], features: readonly QaFeatureMeta[]): number[][] {
  const indexOf = new Map(examples.map((ex, i) => [String(ex.id), i]));
  const groups: number[][] = examples.map(() => []);
  features.forEach((feature, i) => {
    const exampleIndex = indexOf.get(String(feature.example_id));
    if (exampleIndex === undefined) {
      throw new Error(
        `feature ${i} belongs to example "${feature.example_id}", which is not among the examples`,
      );
    }
    groups[exampleIndex].push(i);
  });
  return groups;
}

/** The token's context offset, or undefined when it is out of range or outside the context (HF skips those). */
function contextOffset(offsets: readonly QaOffset[], index: number): readonly number[] | undefined {
  if (index >= offsets.length) return undefined;
  const o = offsets[index];
  if (o === null || o === undefined || o.length < 2) return undefined;
  return o;
}

/**
 * Python's `context[a:b]` for offsets the tokenizer gave. Offsets count UTF-16 code units here (JavaScript string
 * indices) where Python counts code points: the same unless the context holds characters outside the BMP.
 */
function sliceContext(context: string, start: number, end: number): string {
  return context.slice(start, end);
}
