import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { groupNotes, splitByGroup } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { unigramBaseline } from "../metrics/unigram.js";
import { MOBY_DICK_LICENSE, MOBY_DICK_PACKAGE, readMobyDick } from "../sources/moby-dick.js";
import { chunkSentences, sentencesOf, wordCount } from "../text/sentences.js";

/** Paragraphs longer than this are cut at sentence ends, so every row is a short text. */
const MAX_WORDS = 100;
// the book gives about 3,500 rows of ≤ 100 words
const SIZES = sizesOf(TINY, { train: 2000, validation: 250, test: 250 });

export interface TextRow extends Record<string, unknown> {
  text: string;
}

function chunksOf(paragraph: string): string[] {
  return wordCount(paragraph) <= MAX_WORDS ? [paragraph] : chunkSentences(sentencesOf(paragraph), MAX_WORDS);
}

export default defineDataset<TextRow>({
  name: "moby-dick",
  task: "causal language modelling (run_clm)",
  source: { packages: [MOBY_DICK_PACKAGE], license: MOBY_DICK_LICENSE },
  sizes: SIZES,
  build({ size, seed }) {
    // a short paragraph said twice ("Aye, aye, sir!") is kept once, so no row is in two splits
    const seen = new Set<string>();
    const groups = readMobyDick().map((c) => ({
      key: c.chapter,
      rows: () =>
        c.paragraphs
          .flatMap(chunksOf)
          .filter((text) => !seen.has(text) && seen.add(text))
          .map((text) => ({ text })),
    }));
    const { splits, groupsOf } = splitByGroup(
      "moby-dick",
      groups,
      SIZES[size],
      rngFor(seed, "moby-dick", "chapters"),
    );
    return { splits, notes: groupNotes("chapters", groupsOf) };
  },
  baselines({ train = [], validation = [] }) {
    const u = unigramBaseline(
      train.map((r) => r.text),
      validation.map((r) => r.text),
    );
    return [
      { name: "unigram model (add-one, fitted on train)", value: u.perplexity, unit: "perplexity per word" },
      { name: `always "${u.mostFrequentWord}"`, value: u.mostFrequentAccuracy, unit: "next-word accuracy %" },
    ];
  },
});
