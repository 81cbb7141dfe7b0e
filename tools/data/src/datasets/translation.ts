import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { dedupeBy, mapSplits, splitRows } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { corpusBleu } from "../metrics/bleu.js";
import { BROWN_LICENSE, BROWN_PACKAGE, type BrownSentence, readBrown } from "../sources/brown.js";
import { detokenize } from "../text/detokenize.js";
import { pigLatin } from "../text/pig-latin.js";

/** The source language and the rule-derived target: Pig Latin is an English language game, not a language. */
export const SOURCE_LANG = "en";
export const TARGET_LANG = "en-piglatin";
const MIN_TOKENS = 4;
const MAX_TOKENS = 16;
const SIZES = sizesOf(TINY, { train: 2000, validation: 250, test: 250 });

export interface TranslationRow extends Record<string, unknown> {
  id: string;
  translation: Record<typeof SOURCE_LANG | typeof TARGET_LANG, string>;
}

function toRow(s: BrownSentence): TranslationRow {
  const en = detokenize(s.words);
  return {
    id: s.id,
    translation: { [SOURCE_LANG]: en, [TARGET_LANG]: pigLatin(en) } as TranslationRow["translation"],
  };
}

export default defineDataset<TranslationRow>({
  name: "translation",
  task: `translation (run_translation, --source_lang ${SOURCE_LANG} --target_lang ${TARGET_LANG})`,
  source: {
    packages: [BROWN_PACKAGE],
    license: `${BROWN_LICENSE}; the ${TARGET_LANG} side is derived by rule (Pig Latin), not translated`,
  },
  sizes: SIZES,
  build({ size, seed }) {
    const candidates = readBrown().filter(
      // foreign words (fw-) would not be English under the rule
      (s) =>
        s.words.length >= MIN_TOKENS &&
        s.words.length <= MAX_TOKENS &&
        !s.tags.some((t) => t.startsWith("fw-")),
    );
    const distinct = dedupeBy(candidates, (s) => s.words.join(" "));
    const chosen = splitRows("translation", distinct, SIZES[size], rngFor(seed, "translation", "split"));
    return { splits: mapSplits(chosen, toRow) };
  },
  baselines({ validation = [] }) {
    const refs = validation.map((r) => r.translation[TARGET_LANG]);
    return [
      {
        name: "copy the source",
        value: corpusBleu(
          validation.map((r) => r.translation[SOURCE_LANG]),
          refs,
        ),
        unit: "sacreBLEU",
      },
    ];
  },
});
