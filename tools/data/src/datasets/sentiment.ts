import { readFileSync } from "node:fs";
import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { dedupeBy, splitRows } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { majorityAccuracy } from "../metrics/counting.js";
import { requireSource, resolveSourceFile } from "../sources/require.js";

const PACKAGE = "sentiment";
const SOURCES = ["imdb", "amazon", "yelp"] as const;

// the fixtures' 3,000 sentences hold 2,979 distinct ones (case-insensitive): all of them, about 80/10/10
const SIZES = sizesOf(TINY, { train: 2379, validation: 300, test: 300 });

export interface SentimentRow extends Record<string, unknown> {
  sentence: string;
  label: "negative" | "positive";
  source: (typeof SOURCES)[number];
}

function readFixtures(): SentimentRow[] {
  const rows: SentimentRow[] = [];
  for (const source of SOURCES) {
    const file = `test/fixtures/${source}.json`;
    const items = JSON.parse(readFileSync(resolveSourceFile(PACKAGE, file), "utf8")) as unknown;
    if (!Array.isArray(items)) throw new Error(`${PACKAGE}/${file}: expected an array of {text, class}`);
    for (const item of items as { text?: unknown; class?: unknown }[]) {
      // each file ends with an empty row ({"text": "", "class": null}), left from the source's final newline
      if (item.text === "" && item.class === null) continue;
      if (typeof item.text !== "string" || (item.class !== 0 && item.class !== 1))
        throw new Error(
          `${PACKAGE}/${file}: a row is not {text: string, class: 0 | 1}: ${JSON.stringify(item)}`,
        );
      rows.push({ sentence: item.text.trim(), label: item.class === 1 ? "positive" : "negative", source });
    }
  }
  return rows;
}

/** The package's own AFINN scorer: a lexicon baseline a trained classifier should beat. */
function afinnAccuracy(rows: readonly SentimentRow[]): number {
  const Sentiment = requireSource<new () => { analyze(text: string): { score: number } }>(PACKAGE);
  const scorer = new Sentiment();
  const hits = rows.filter(
    (row) => (scorer.analyze(row.sentence).score > 0 ? "positive" : "negative") === row.label,
  );
  return (100 * hits.length) / Math.max(1, rows.length);
}

export default defineDataset<SentimentRow>({
  name: "sentiment",
  task: "text classification (run_glue)",
  source: {
    packages: [`${PACKAGE} (test/fixtures/{imdb,amazon,yelp}.json)`],
    license:
      'UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015), CC BY 4.0 at the UCI repository; the sentiment ' +
      'README calls them "three labelled datasets provided by UCI"',
  },
  sizes: SIZES,
  build({ size, seed }) {
    const rows = dedupeBy(readFixtures(), (row) => row.sentence.toLowerCase());
    return { splits: splitRows("sentiment", rows, SIZES[size], rngFor(seed, "sentiment", "split")) };
  },
  baselines({ train = [], validation = [] }) {
    return [
      {
        name: "majority class",
        value: majorityAccuracy(train, validation, (r) => r.label),
        unit: "accuracy %",
      },
      {
        name: "AFINN lexicon (sentiment package, score > 0)",
        value: afinnAccuracy(validation),
        unit: "accuracy %",
      },
    ];
  },
});
