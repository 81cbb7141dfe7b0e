import { type Rng, randomInt, rngFor, shuffled } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { assertEnough, dedupeBy, splitRows } from "../core/split.js";
import { defineDataset, SPLIT_NAMES, type Splits } from "../core/types.js";
import { majorityAccuracy } from "../metrics/counting.js";
import { words } from "../metrics/unigram.js";
import { MOBY_DICK_LICENSE, MOBY_DICK_PACKAGE, readMobyDick } from "../sources/moby-dick.js";
import { sentencesOf } from "../text/sentences.js";

const MIN_WORDS = 10;
const MAX_WORDS = 30;
/** Words of the continuation given in sent2 (SWAG gives the subject of the next sentence, a word or two). */
const SENT2_WORDS = 2;
const CHOICES = 4;
const SIZES = sizesOf(TINY, { train: 2000, validation: 250, test: 250 });

export interface SwagRow extends Record<string, unknown> {
  id: string;
  sent1: string;
  sent2: string;
  ending0: string;
  ending1: string;
  ending2: string;
  ending3: string;
  label: number;
}

interface Cut {
  id: string;
  sent1: string;
  sent2: string;
  ending: string;
}

/** Cuts after the first clause mark (",", ";", ":") in the middle of the sentence, else at its middle. */
function cutSentence(id: string, sentence: string): Cut | undefined {
  const w = sentence.split(/\s+/);
  if (w.length < MIN_WORDS || w.length > MAX_WORDS) return undefined;
  const last = w.length - SENT2_WORDS - 3;
  let at = Math.floor(w.length / 2);
  for (let i = 3; i <= last; i++)
    if (/[,;:]$/.test(w[i - 1])) {
      at = i;
      break;
    }
  return {
    id,
    sent1: w.slice(0, at).join(" "),
    sent2: w.slice(at, at + SENT2_WORDS).join(" "),
    ending: w.slice(at + SENT2_WORDS).join(" "),
  };
}

/**
 * The real ending goes at a label drawn so that each of 0..3 is used equally often; the three others are the endings
 * of other sentences of the same split, so no ending of a validation row was ever seen in training.
 */
function toRows(cuts: readonly Cut[], rng: Rng): SwagRow[] {
  const labels = shuffled(
    cuts.map((_, i) => i % CHOICES),
    rng,
  );
  return cuts.map((cut, i) => {
    const endings = [cut.ending];
    while (endings.length < CHOICES) {
      const other = cuts[randomInt(rng, cuts.length)].ending;
      if (!endings.includes(other)) endings.push(other);
    }
    const label = labels[i];
    [endings[0], endings[label]] = [endings[label], endings[0]];
    return {
      id: cut.id,
      sent1: cut.sent1,
      sent2: cut.sent2,
      ending0: endings[0],
      ending1: endings[1],
      ending2: endings[2],
      ending3: endings[3],
      label,
    };
  });
}

/** Picks the ending sharing most words with sent1 + sent2 (the first on ties): a lexical-overlap baseline. */
function overlapAccuracy(rows: readonly SwagRow[]): number {
  let hits = 0;
  for (const row of rows) {
    const context = new Set(words(`${row.sent1} ${row.sent2}`));
    const scores = [row.ending0, row.ending1, row.ending2, row.ending3].map(
      (e) => words(e).filter((w) => context.has(w)).length,
    );
    if (scores.indexOf(Math.max(...scores)) === row.label) hits++;
  }
  return (100 * hits) / Math.max(1, rows.length);
}

/** No ending twice (it would be a wrong answer somewhere and the right one elsewhere), no context twice. */
function distinctCuts(cuts: readonly Cut[]): Cut[] {
  return dedupeBy(
    dedupeBy(cuts, (c) => c.ending),
    (c) => `${c.sent1} ${c.sent2}`,
  );
}

export default defineDataset<SwagRow>({
  name: "moby-swag",
  task: "multiple choice, SWAG format (run_swag)",
  source: { packages: [MOBY_DICK_PACKAGE], license: MOBY_DICK_LICENSE },
  sizes: SIZES,
  build({ size, seed }) {
    const sizes = SIZES[size];
    const want = SPLIT_NAMES.reduce((sum, name) => sum + (sizes[name] ?? 0), 0);
    // chapters in seeded order, read only until there are enough sentences (the tiny size reads a few chapters)
    const cuts: Cut[] = [];
    for (const chapter of shuffled(readMobyDick(), rngFor(seed, "moby-swag", "chapters"))) {
      let n = 0;
      for (const paragraph of chapter.paragraphs)
        for (const sentence of sentencesOf(paragraph)) {
          const cut = cutSentence(`moby-dick-${chapter.chapter}-${++n}`, sentence);
          if (cut) cuts.push(cut);
        }
      if (distinctCuts(cuts).length >= want) break;
    }
    const distinct = distinctCuts(cuts);
    assertEnough("moby-swag", distinct.length, sizes);
    const split = splitRows("moby-swag", distinct, sizes, rngFor(seed, "moby-swag", "split"));
    const splits: Splits<SwagRow> = {};
    for (const name of SPLIT_NAMES) {
      const part = split[name];
      if (part) splits[name] = toRows(part, rngFor(seed, "moby-swag", "endings", name));
    }
    return { splits };
  },
  baselines({ train = [], validation = [] }) {
    return [
      {
        name: "always train's most frequent label",
        value: majorityAccuracy(train, validation, (r) => String(r.label)),
        unit: "accuracy %",
      },
      {
        name: "ending with most words shared with sent1 + sent2",
        value: overlapAccuracy(validation),
        unit: "accuracy %",
      },
    ];
  },
});
