import { rngFor } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { dedupeBy, mapSplits, splitRows } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { countBy } from "../metrics/counting.js";
import { meanRouge, rougeTokens } from "../metrics/rouge.js";
import { BROWN_LICENSE, BROWN_PACKAGE, type BrownSentence, readBrown } from "../sources/brown.js";
import { detokenize } from "../text/detokenize.js";

const MIN_TOKENS = 6;
const MAX_TOKENS = 20;
/**
 * Every word of a document is among the corpus's this many most frequent (case-folded): a model trained from scratch
 * for minutes on 2,000 sentences learns to keep or drop a word only if it has met that word often enough.
 */
const TOP_WORDS = 5000;
const SIZES = sizesOf(TINY, { train: 5000, validation: 250, test: 250 });

export interface SummaryRow extends Record<string, unknown> {
  id: string;
  document: string;
  summary: string;
}

/**
 * Brown's nouns (common, proper, plural, possessive, adverbial: nn, nns, np, nps, nr, nrs and their `$` forms) and
 * lexical verbs (vb, vbd, vbg, vbn, vbz), with title/headline marks; be, have, do and modals are not content words.
 * Foreign words (fw-) are left out.
 */
const CONTENT = /^(nn|nns|np|nps|nr|nrs|vb|vbd|vbg|vbn|vbz)\$?(-(tl|hl|nc))*$/;

function isContentTag(tag: string): boolean {
  return CONTENT.test(tag.toLowerCase());
}

function toRow(s: BrownSentence): SummaryRow {
  return {
    id: s.id,
    document: detokenize(s.words),
    summary: s.words.filter((_, i) => isContentTag(s.tags[i])).join(" "),
  };
}

/** The `count` most frequent words of the corpus, case-folded (ties: the word that sorts first). */
function mostFrequentWords(sentences: readonly BrownSentence[], count: number): Set<string> {
  const counts = countBy(
    sentences.flatMap((s) => s.words),
    (w) => w.toLowerCase(),
  );
  const ranked = [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(ranked.slice(0, count).map(([word]) => word));
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
    const frequent = mostFrequentWords(readBrown(), TOP_WORDS);
    const candidates = readBrown().filter((s) => {
      if (s.words.length < MIN_TOKENS || s.words.length > MAX_TOKENS) return false;
      if (!s.words.every((w) => frequent.has(w.toLowerCase()))) return false;
      const kept = s.tags.filter(isContentTag).length;
      // a summary needs something to keep and something to leave out
      return kept >= 2 && kept < s.words.filter((w) => /\w/.test(w)).length;
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
