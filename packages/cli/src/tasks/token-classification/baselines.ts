import { mostFrequent } from "../shared/labels.js";
import type { ScoredToken } from "./encode-sentences.js";
import type { TaggedSentence } from "./tagged-sentences.js";
import { scoreTagging, type TaggingMetrics, type TagSequence } from "./tagging-metrics.js";

export interface TaggingBaseline {
  name: string;
  metrics: TaggingMetrics;
}

export interface BaselineInputs {
  train: readonly TaggedSentence[];
  validation: readonly TaggedSentence[];
  /** The validation tokens the model is scored on (truncation may drop words), per sentence. */
  scored: readonly ScoredToken[][];
  /** A word's tag as it reads on one of its tokens (the B- to I- rule of label_all_tokens). */
  tagOnToken(tag: string, first: boolean): string;
  chunks: boolean;
}

/**
 * The classic tagging baselines, fitted on train and scored on the same validation tokens as the model: each word's
 * most frequent tag in train (lowercased; unseen words get the most frequent tag overall), and that one tag for
 * every word.
 */
export function taggingBaselines(inputs: BaselineInputs): TaggingBaseline[] {
  const { train, validation, scored, tagOnToken, chunks } = inputs;
  const trainTags = train.flatMap((sentence) => (sentence.tags ?? []).map(String));
  const majority = mostFrequent(trainTags);
  if (majority === undefined || validation.some((sentence) => !sentence.tags)) return [];
  const byWord = new Map<string, Map<string, number>>();
  for (const sentence of train) {
    sentence.words.forEach((word, i) => {
      const counts = byWord.get(word.toLowerCase()) ?? new Map<string, number>();
      const tag = String(sentence.tags?.[i]);
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      byWord.set(word.toLowerCase(), counts);
    });
  }
  const wordTag = new Map([...byWord].map(([word, counts]) => [word, topCount(counts)]));
  const tagged = (tagger: (word: string) => string) =>
    validation.map(
      (sentence, i): TagSequence =>
        scored[i].map((token) => tagOnToken(tagger(sentence.words[token.word]), token.first)),
    );
  const gold = validation.map(
    (sentence, i): TagSequence =>
      scored[i].map((token) => tagOnToken(String(sentence.tags?.[token.word]), token.first)),
  );
  const score = (tagger: (word: string) => string) => scoreTagging(gold, tagged(tagger), chunks);
  return [
    {
      name: `most frequent tag of each word in train (unseen words: "${majority}")`,
      metrics: score((word) => wordTag.get(word.toLowerCase()) ?? majority),
    },
    { name: `majority tag "${majority}"`, metrics: score(() => majority) },
  ];
}

/** Ties go to the tag that sorts first, so the baseline does not depend on the order of the rows. */
function topCount(counts: Map<string, number>): string {
  let best = "";
  let bestCount = -1;
  for (const [tag, count] of counts) {
    if (count > bestCount || (count === bestCount && tag < best)) {
      best = tag;
      bestCount = count;
    }
  }
  return best;
}
