import { randomInt, rngFor, shuffled } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { type Group, groupNotes, splitByGroup } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { squadScores } from "../metrics/squad.js";
import { type NounSynset, readNounSynsets, WORDNET_LICENSE, WORDNET_PACKAGE } from "../sources/wordnet.js";

/** Entries per context: the question asks about one of them, so guessing an entry is right 1 time in 4. */
const ENTRIES = 4;
const MAX_DEFINITION_WORDS = 18;
const SIZES = sizesOf(TINY, { train: 2000, validation: 250, test: 250 });

export interface QaRow extends Record<string, unknown> {
  id: string;
  title: string;
  context: string;
  question: string;
  answers: { text: string[]; answer_start: number[] };
}

/**
 * A plain lowercase headword (no proper names, digits or punctuation besides a hyphen) with a short definition that
 * holds no "." or ":", so the entries of a context can be told apart by the marks between them.
 */
function usable(s: NounSynset): boolean {
  const words = s.definition.split(/\s+/).length;
  return (
    /^[a-z]+(?:[ -][a-z]+){0,2}$/.test(s.lemmas[0]) &&
    words >= 3 &&
    words <= MAX_DEFINITION_WORDS &&
    !/[.:]/.test(s.definition)
  );
}

/**
 * Builds one SQuAD row from sibling synsets (hyponyms of one hypernym): the context is their dictionary entries,
 * "headword: definition." one after the other; the question asks what one headword means; the answer is its
 * definition, found by position and checked against the context.
 */
function rowOf(title: string, entries: readonly NounSynset[], target: number): QaRow {
  let context = "";
  let answerStart = -1;
  entries.forEach((s, i) => {
    const head = `${i > 0 ? " " : ""}${s.lemmas[0]}: `;
    if (i === target) answerStart = context.length + head.length;
    context += `${head}${s.definition}.`;
  });
  const answer = entries[target];
  if (context.slice(answerStart, answerStart + answer.definition.length) !== answer.definition)
    throw new Error(`wordnet-qa: the answer of synset ${answer.offset} is not the span it points at`);
  return {
    id: `wn31-n-${answer.offset}`,
    title,
    context,
    question: `What does ${answer.lemmas[0]} mean?`,
    answers: { text: [answer.definition], answer_start: [answerStart] },
  };
}

interface Family {
  parent: string;
  title: string;
  children: NounSynset[];
}

let families: Family[] | undefined;

/** Hypernyms with enough usable hyponyms for a context, in data.noun order; the same for every seed. */
function readFamilies(): Family[] {
  if (families) return families;
  const synsets = readNounSynsets();
  const byOffset = new Map(synsets.map((s) => [s.offset, s]));
  const children = new Map<string, NounSynset[]>();
  for (const s of synsets) {
    if (!usable(s)) continue;
    for (const parent of s.hypernyms) {
      const list = children.get(parent);
      if (list) list.push(s);
      else children.set(parent, [s]);
    }
  }
  families = [...children]
    .filter(([, kids]) => kids.length >= ENTRIES)
    .map(([parent, kids]) => ({ parent, title: byOffset.get(parent)?.lemmas[0] ?? parent, children: kids }));
  return families;
}

/**
 * One group of contexts per hypernym, dealt when the split takes the group (seeded order), so a small size deals a
 * few families only. A synset with two hypernyms joins the first context it is dealt to.
 */
function contextsOf(seed: number): Group<QaRow>[] {
  const used = new Set<string>();
  return readFamilies().map(({ parent, title, children }) => ({
    key: title,
    rows: () => {
      const rng = rngFor(seed, "wordnet-qa", "contexts", parent);
      const free = shuffled(children, rng).filter((s) => !used.has(s.offset));
      const rows: QaRow[] = [];
      for (let at = 0; at + ENTRIES <= free.length; at += ENTRIES) {
        const entries = free.slice(at, at + ENTRIES);
        // the question names its entry by headword: the four must differ
        if (new Set(entries.map((s) => s.lemmas[0])).size < ENTRIES) continue;
        for (const s of entries) used.add(s.offset);
        rows.push(rowOf(title, entries, randomInt(rng, ENTRIES)));
      }
      return rows;
    },
  }));
}

export default defineDataset<QaRow>({
  name: "wordnet-qa",
  task: "extractive question answering, SQuAD v1 format (run_qa)",
  source: { packages: [`${WORDNET_PACKAGE} (WordNet 3.1 nouns)`], license: WORDNET_LICENSE },
  sizes: SIZES,
  build({ size, seed }) {
    // contexts of one hypernym stay in one split: its siblings never leak from train into validation
    const { splits, groupsOf } = splitByGroup(
      "wordnet-qa",
      contextsOf(seed),
      SIZES[size],
      rngFor(seed, "wordnet-qa", "split"),
    );
    return { splits, notes: groupNotes("hypernyms", groupsOf) };
  },
  baselines({ validation = [] }) {
    const answers = validation.map((r) => r.answers.text);
    // the first entry's definition: the span from after the first ": " to the first "."
    const first = validation.map((r) => {
      const start = r.context.indexOf(": ") + 2;
      return r.context.slice(start, r.context.indexOf(".", start));
    });
    const whole = squadScores(
      validation.map((r) => r.context),
      answers,
    );
    const firstScores = squadScores(first, answers);
    return [
      { name: "first entry's definition", value: firstScores.exact_match, unit: "exact match %" },
      { name: "first entry's definition", value: firstScores.f1, unit: "F1 %" },
      { name: "the whole context", value: whole.exact_match, unit: "exact match %" },
      { name: "the whole context", value: whole.f1, unit: "F1 %" },
    ];
  },
});
