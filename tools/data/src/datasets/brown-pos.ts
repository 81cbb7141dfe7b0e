import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { dedupeBy, mapSplits, splitRows } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { countBy, mostFrequent } from "../metrics/counting.js";
import { BROWN_LICENSE, BROWN_PACKAGE, readBrown } from "../sources/brown.js";
import { type UniversalTag, universalTag } from "../tagsets/brown-universal.js";

const MIN_TOKENS = 3;
const MAX_TOKENS = 40;
const SIZES = sizesOf(TINY, { train: 3000, validation: 400, test: 400 });

export interface PosRow extends Record<string, unknown> {
  id: string;
  tokens: string[];
  pos_tags: UniversalTag[];
}

/**
 * % of evaluation tokens tagged right by the tag each word (lowercased) has most often in train; words train never
 * saw get train's most frequent tag. The classic baseline a tagger must beat.
 */
function mostFrequentTagAccuracy(train: readonly PosRow[], evalRows: readonly PosRow[]): number {
  const byWord = new Map<string, Map<string, number>>();
  for (const row of train)
    row.tokens.forEach((token, i) => {
      const word = token.toLowerCase();
      const counts = byWord.get(word) ?? new Map<string, number>();
      counts.set(row.pos_tags[i], (counts.get(row.pos_tags[i]) ?? 0) + 1);
      byWord.set(word, counts);
    });
  const fallback = mostFrequent(
    countBy(
      train.flatMap((r) => r.pos_tags),
      (t) => t,
    ),
  );
  const best = new Map([...byWord].map(([word, counts]) => [word, mostFrequent(counts)]));
  let hits = 0;
  let total = 0;
  for (const row of evalRows)
    row.tokens.forEach((token, i) => {
      total++;
      if ((best.get(token.toLowerCase()) ?? fallback) === row.pos_tags[i]) hits++;
    });
  return (100 * hits) / Math.max(1, total);
}

function majorityTagAccuracy(train: readonly PosRow[], evalRows: readonly PosRow[]): number {
  const top = mostFrequent(
    countBy(
      train.flatMap((r) => r.pos_tags),
      (t) => t,
    ),
  );
  const tags = evalRows.flatMap((r) => r.pos_tags);
  return (100 * tags.filter((t) => t === top).length) / Math.max(1, tags.length);
}

export default defineDataset<PosRow>({
  name: "brown-pos",
  task: "token classification, POS (run_ner with --task_name pos)",
  source: { packages: [BROWN_PACKAGE], license: BROWN_LICENSE },
  sizes: SIZES,
  build({ size, seed }) {
    const candidates = readBrown().filter(
      (s) => s.words.length >= MIN_TOKENS && s.words.length <= MAX_TOKENS,
    );
    const distinct = dedupeBy(candidates, (s) => s.words.join(" "));
    const chosen = splitRows("brown-pos", distinct, SIZES[size], rngFor(seed, "brown-pos", "split"));
    return {
      splits: mapSplits(chosen, (s) => ({ id: s.id, tokens: s.words, pos_tags: s.tags.map(universalTag) })),
    };
  },
  baselines({ train = [], validation = [] }) {
    return [
      {
        name: "most frequent tag of each word in train",
        value: mostFrequentTagAccuracy(train, validation),
        unit: "token accuracy %",
      },
      {
        name: "always the most frequent tag",
        value: majorityTagAccuracy(train, validation),
        unit: "token accuracy %",
      },
    ];
  },
});
