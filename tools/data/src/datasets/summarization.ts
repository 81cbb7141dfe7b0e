import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { dedupeBy, mapSplits, splitRows } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { meanRouge, rougeTokens } from "../metrics/rouge.js";
import { BROWN_LICENSE, BROWN_PACKAGE, type BrownSentence, readBrown } from "../sources/brown.js";
import { detokenize } from "../text/detokenize.js";

const MIN_TOKENS = 8;
const MAX_TOKENS = 30;
const SIZES = sizesOf(TINY, { train: 2000, validation: 250, test: 250 });

export interface SummaryRow extends Record<string, unknown> {
  id: string;
  document: string;
  summary: string;
}

/**
 * Brown's proper nouns (np, nps, with possessive `$` and title/headline marks): the people, places, organisations and
 * dates a sentence names. Foreign words (fw-) are left out.
 */
const PROPER_NOUN = /^(np|nps)\$?(-(tl|hl|nc))*$/;

function isProperNounTag(tag: string): boolean {
  return PROPER_NOUN.test(tag.toLowerCase());
}

function toRow(s: BrownSentence): SummaryRow {
  return {
    id: s.id,
    document: detokenize(s.words),
    summary: s.words.filter((_, i) => isProperNounTag(s.tags[i])).join(" "),
  };
}

/** The first words of the document, as many as the summary has: the "lead" baseline at the right length. */
function lead(row: SummaryRow): string {
  return row.document.split(/\s+/).slice(0, rougeTokens(row.summary).length).join(" ");
}

export default defineDataset<SummaryRow>({
  name: "summarization",
  task: "summarization (run_summarization, --text_column document --summary_column summary)",
  source: { packages: [BROWN_PACKAGE], license: BROWN_LICENSE },
  sizes: SIZES,
  build({ size, seed }) {
    const candidates = readBrown().filter((s) => {
      if (s.words.length < MIN_TOKENS || s.words.length > MAX_TOKENS) return false;
      const kept = s.tags.filter(isProperNounTag).length;
      // a summary needs something to keep and something to leave out
      return kept >= 1 && kept < s.words.filter((w) => /\w/.test(w)).length;
    });
    const distinct = dedupeBy(candidates, (s) => s.words.join(" "));
    const chosen = splitRows("summarization", distinct, SIZES[size], rngFor(seed, "summarization", "split"));
    return { splits: mapSplits(chosen, toRow) };
  },
  baselines({ validation = [] }) {
    const refs = validation.map((r) => r.summary);
    const copy = meanRouge(
      validation.map((r) => r.document),
      refs,
    );
    const leading = meanRouge(validation.map(lead), refs);
    return [
      { name: "copy the document", value: copy.rouge1, unit: "ROUGE-1 F1 x100" },
      { name: "copy the document", value: copy.rouge2, unit: "ROUGE-2 F1 x100" },
      { name: "copy the document", value: copy.rougeL, unit: "ROUGE-L F1 x100" },
      {
        name: "lead: the document's first words, as many as the summary's",
        value: leading.rouge1,
        unit: "ROUGE-1 F1 x100",
      },
      {
        name: "lead: the document's first words, as many as the summary's",
        value: leading.rouge2,
        unit: "ROUGE-2 F1 x100",
      },
      {
        name: "lead: the document's first words, as many as the summary's",
        value: leading.rougeL,
        unit: "ROUGE-L F1 x100",
      },
    ];
  },
});
