import { randomInt, rngFor, shuffled } from "../core/random.js";
import { sizesOf, TINY } from "../core/sizes.js";
import { type Group, groupNotes, splitByGroup } from "../core/split.js";
import { defineDataset } from "../core/types.js";
import { squadScores } from "../metrics/squad.js";
import { type NounSynset, readNounSynsets, WORDNET_LICENSE, WORDNET_PACKAGE } from "../sources/wordnet.js";

const MAX_DEFINITION_WORDS = 18;
const MAX_EXAMPLE_WORDS = 15;
const SIZES = sizesOf(TINY, { train: 6000, validation: 250, test: 250 });

export interface QaRow extends Record<string, unknown> {
  id: string;
  title: string;
  context: string;
  question: string;
  answers: { text: string[]; answer_start: number[] };
}

/** What a question can ask about a synset: one sentence of the context states it, the question names it. */
export const FACTS = ["meaning", "kind", "other name", "usage"] as const;
export type Fact = (typeof FACTS)[number];

interface Statement {
  fact: Fact;
  /** The sentence of the context, with `{}` where the answer goes. */
  sentence: string;
  answer: string;
  question: string;
}

/** A plain lowercase word or phrase (no proper names, digits or punctuation besides a hyphen). */
const PLAIN = /^[a-z]+(?:[ -][a-z]+){0,2}$/;

const wordCount = (text: string) => text.split(/\s+/).length;

/**
 * What a context says about a synset after its dictionary line, from its WordNet fields: the headword of its
 * hypernym, another of its words, and a usage example of its gloss (3–15 words), when it has them.
 */
function factsAfterDefinition(s: NounSynset, hypernym: string): Statement[] {
  const word = s.lemmas[0];
  const statements: Statement[] = [
    {
      fact: "kind",
      sentence: "It is a kind of {}.",
      answer: hypernym,
      question: `What is ${word} a kind of?`,
    },
  ];
  const other = s.lemmas.slice(1).find((lemma) => PLAIN.test(lemma) && lemma !== word);
  if (other) {
    statements.push({
      fact: "other name",
      sentence: "It is also called {}.",
      answer: other,
      question: `What else is ${word} called?`,
    });
  }
  const example = s.examples.find((e) => wordCount(e) >= 3 && wordCount(e) <= MAX_EXAMPLE_WORDS);
  if (example) {
    statements.push({
      fact: "usage",
      sentence: 'For example: "{}".',
      answer: example,
      question: `How is ${word} used in a sentence?`,
    });
  }
  return statements;
}

/** The definition (3–18 words, no "." or ":" so that its sentence ends where it seems to) of a plain headword. */
function usable(s: NounSynset): boolean {
  const words = wordCount(s.definition);
  return PLAIN.test(s.lemmas[0]) && words >= 3 && words <= MAX_DEFINITION_WORDS && !/[.:]/.test(s.definition);
}

/**
 * One SQuAD row per synset: the context is its dictionary line "<headword>: <definition>." followed by the other
 * facts in seeded order; the question asks for one fact (seeded), and the answer is that fact's span, found by
 * position and checked.
 */
function rowOf(s: NounSynset, hypernym: string, rng: () => number): QaRow {
  const word = s.lemmas[0];
  const statements: Statement[] = [
    { fact: "meaning", sentence: `${word}: {}.`, answer: s.definition, question: `What does ${word} mean?` },
    ...shuffled(factsAfterDefinition(s, hypernym), rng),
  ];
  const asked = statements[randomInt(rng, statements.length)];
  let context = "";
  let answerStart = -1;
  for (const statement of statements) {
    if (context) context += " ";
    if (statement === asked) answerStart = context.length + statement.sentence.indexOf("{}");
    context += statement.sentence.replace("{}", statement.answer);
  }
  if (context.slice(answerStart, answerStart + asked.answer.length) !== asked.answer)
    throw new Error(`wordnet-qa: the answer of synset ${s.offset} is not the span it points at`);
  return {
    id: `wn31-n-${s.offset}`,
    title: hypernym,
    context,
    question: asked.question,
    answers: { text: [asked.answer], answer_start: [answerStart] },
  };
}

interface Family {
  parent: string;
  title: string;
  children: NounSynset[];
}

let families: Family[] | undefined;

/** Usable synsets grouped by their first hypernym (when its headword is plain), in data.noun order. */
function readFamilies(): Family[] {
  if (families) return families;
  const synsets = readNounSynsets();
  const byOffset = new Map(synsets.map((s) => [s.offset, s]));
  const children = new Map<string, NounSynset[]>();
  for (const s of synsets) {
    const parent = s.hypernyms[0];
    const title = parent === undefined ? undefined : byOffset.get(parent)?.lemmas[0];
    if (!usable(s) || title === undefined || !PLAIN.test(title)) continue;
    const list = children.get(parent);
    if (list) list.push(s);
    else children.set(parent, [s]);
  }
  families = [...children].map(([parent, kids]) => ({
    parent,
    title: byOffset.get(parent)?.lemmas[0] ?? parent,
    children: kids,
  }));
  return families;
}

/** One group of rows per hypernym, built when the split takes the group (seeded order within it). */
function groupsOf(seed: number): Group<QaRow>[] {
  return readFamilies().map(({ parent, title, children }) => ({
    key: title,
    rows: () => {
      const rng = rngFor(seed, "wordnet-qa", "rows", parent);
      return shuffled(children, rng).map((s) => rowOf(s, title, rng));
    },
  }));
}

/** Which fact a question asks, read back from its wording (for the baselines and the tests). */
export function factAsked(question: string): Fact {
  if (question.endsWith(" mean?")) return "meaning";
  if (question.endsWith(" a kind of?")) return "kind";
  if (question.endsWith(" called?")) return "other name";
  return "usage";
}

export default defineDataset<QaRow>({
  name: "wordnet-qa",
  task: "extractive question answering, SQuAD v1 format (run_qa)",
  source: { packages: [`${WORDNET_PACKAGE} (WordNet 3.1 nouns)`], license: WORDNET_LICENSE },
  sizes: SIZES,
  build({ size, seed }) {
    // the synsets of one hypernym stay in one split: the answers to "a kind of?" in validation were never trained on
    const { splits, groupsOf: keys } = splitByGroup(
      "wordnet-qa",
      groupsOf(seed),
      SIZES[size],
      rngFor(seed, "wordnet-qa", "split"),
    );
    return { splits, notes: groupNotes("hypernyms", keys) };
  },
  baselines({ validation = [] }) {
    const answers = validation.map((r) => r.answers.text);
    // ignoring the question: always the definition, from after the headword's ": " to the first "."
    const meaning = validation.map((r) => {
      const start = r.context.indexOf(": ") + 2;
      return r.context.slice(start, r.context.indexOf(".", start));
    });
    const firstSentence = validation.map((r) => r.context.slice(0, r.context.indexOf(".") + 1));
    const meaningScores = squadScores(meaning, answers);
    const sentenceScores = squadScores(firstSentence, answers);
    const share = (fact: Fact) =>
      (100 * validation.filter((r) => factAsked(r.question) === fact).length) / validation.length;
    return [
      { name: "always the definition", value: meaningScores.exact_match, unit: "exact match %" },
      { name: "always the definition", value: meaningScores.f1, unit: "F1 %" },
      { name: "the first sentence", value: sentenceScores.exact_match, unit: "exact match %" },
      { name: "the first sentence", value: sentenceScores.f1, unit: "F1 %" },
      ...FACTS.map((fact) => ({
        name: `questions about the ${fact}`,
        value: share(fact),
        unit: "% of questions",
      })),
    ];
  },
});
