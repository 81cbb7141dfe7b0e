import { expect } from "vitest";
import { TARGET_LANG } from "../src/datasets/translation.js";
import { UNIVERSAL_TAGS } from "../src/tagsets/brown-universal.js";
import { pigLatin } from "../src/text/pig-latin.js";

type Rows = Record<"train" | "validation" | "test", Record<string, unknown>[]>;
const all = (rows: Rows) => [...rows.train, ...rows.validation, ...rows.test];

/** What makes two rows "the same example" in each dataset: its input, labels left out. */
export const INPUT_OF: Record<string, (row: Record<string, unknown>) => string> = {
  sentiment: (r) => String(r.sentence).toLowerCase(),
  "moby-dick": (r) => String(r.text),
  sotu: (r) => String(r.text),
  "brown-pos": (r) => (r.tokens as string[]).join(" "),
  "wordnet-qa": (r) => `${r.context}\n${r.question}`,
  "moby-swag": (r) => `${r.sent1} ${r.sent2}`,
  summarization: (r) => String(r.document),
  translation: (r) => String((r.translation as Record<string, string>).en),
  mnist: (r) => (r.pixels as number[]).join(","),
};

function textRows(rows: Rows): void {
  for (const r of all(rows) as { text: string }[]) {
    expect(Object.keys(r)).toEqual(["text"]);
    expect(r.text.trim().length).toBeGreaterThan(0);
    expect(r.text.split(/\s+/).length).toBeLessThanOrEqual(100);
    expect(r.text).not.toMatch(/\[laughter\]|\(applause\.?\)/i);
  }
}

/** Each dataset's columns (HF datasets' names) and the properties its derivation promises. */
export const ROW_CHECKS: Record<string, (rows: Rows) => void> = {
  sentiment(rows) {
    for (const r of all(rows)) {
      expect(Object.keys(r)).toEqual(["sentence", "label", "source"]);
      expect(typeof r.sentence === "string" && r.sentence.length > 0).toBe(true);
      expect(["negative", "positive"]).toContain(r.label);
      expect(["imdb", "amazon", "yelp"]).toContain(r.source);
    }
  },
  "moby-dick": textRows,
  sotu: textRows,
  "brown-pos"(rows) {
    const tags = new Set<string>(UNIVERSAL_TAGS);
    for (const r of all(rows) as { id: string; tokens: string[]; pos_tags: string[] }[]) {
      expect(Object.keys(r)).toEqual(["id", "tokens", "pos_tags"]);
      expect(r.id).toMatch(/^c[a-r]\d\d-\d+$/);
      expect(r.pos_tags).toHaveLength(r.tokens.length);
      expect(r.tokens.length).toBeGreaterThanOrEqual(3);
      expect(r.tokens.length).toBeLessThanOrEqual(40);
      for (const t of r.pos_tags) expect(tags.has(t), `tag ${t}`).toBe(true);
    }
  },
  "wordnet-qa"(rows) {
    type Qa = {
      id: string;
      title: string;
      context: string;
      question: string;
      answers: { text: string[]; answer_start: number[] };
    };
    const qa = all(rows) as Qa[];
    // the sentence of each fact, with the answer where the question's wording says it is
    const cue: Record<string, (word: string) => RegExp> = {
      "mean?": (word) => new RegExp(`^${word}: $`),
      "a kind of?": () => /(^|\. )It is a kind of $/,
      "called?": () => /(^|\. )It is also called $/,
      "in a sentence?": () => /(^|\. )For example: "$/,
    };
    const facts = new Set<string>();
    for (const r of qa) {
      expect(Object.keys(r)).toEqual(["id", "title", "context", "question", "answers"]);
      expect(r.answers.text).toHaveLength(1);
      const [text, start] = [r.answers.text[0], r.answers.answer_start[0]];
      expect(r.context.slice(start, start + text.length)).toBe(text);
      const [, word, asked] =
        /^(?:What does|What is|What else is|How is) (.+?) (mean\?|a kind of\?|called\?|used in a sentence\?)$/.exec(
          r.question,
        ) ?? [];
      expect(word, r.question).toBeDefined();
      const fact = asked.replace(/^used /, "");
      facts.add(fact);
      // every context opens with the dictionary line of the word asked about
      expect(r.context.startsWith(`${word}: `)).toBe(true);
      expect(r.context.slice(0, start)).toMatch(cue[fact](word));
      if (fact === "a kind of?") expect(text).toBe(r.title);
      expect(r.context.split(/\s+/).length).toBeLessThan(60);
    }
    // every kind of question is asked
    expect(facts.size).toBe(4);
    expect(new Set(qa.map((r) => r.id)).size).toBe(qa.length);
  },
  "moby-swag"(rows) {
    for (const split of Object.values(rows)) {
      const counts = [0, 0, 0, 0];
      for (const r of split) {
        expect(Object.keys(r)).toEqual([
          "id",
          "sent1",
          "sent2",
          "ending0",
          "ending1",
          "ending2",
          "ending3",
          "label",
        ]);
        const label = r.label as number;
        expect(Number.isInteger(label) && label >= 0 && label <= 3).toBe(true);
        expect(new Set([r.ending0, r.ending1, r.ending2, r.ending3]).size).toBe(4);
        counts[label]++;
      }
      // labels are dealt round-robin, then shuffled: no label is used more than once above another
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  },
  summarization(rows) {
    for (const r of all(rows) as { document: string; summary: string }[]) {
      expect(Object.keys(r)).toEqual(["id", "document", "summary"]);
      let at = 0;
      for (const word of r.summary.split(" ")) {
        const found = r.document.indexOf(word, at);
        expect(found, `"${word}" of the summary in "${r.document}"`).toBeGreaterThanOrEqual(0);
        at = found + word.length;
      }
      expect(r.summary.split(" ").length).toBeLessThan(r.document.split(" ").length);
    }
  },
  translation(rows) {
    for (const r of all(rows) as { translation: Record<string, string> }[]) {
      expect(Object.keys(r)).toEqual(["id", "translation"]);
      expect(Object.keys(r.translation)).toEqual(["en", TARGET_LANG]);
      expect(r.translation[TARGET_LANG]).toBe(pigLatin(r.translation.en));
      expect(r.translation[TARGET_LANG]).not.toBe(r.translation.en);
    }
  },
  mnist(rows) {
    const images = all(rows) as { pixels: number[]; label: number }[];
    for (const r of images) {
      expect(Object.keys(r)).toEqual(["pixels", "label"]);
      expect(r.pixels).toHaveLength(784);
      expect(r.pixels.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)).toBe(true);
      expect(r.pixels.some((p) => p > 0)).toBe(true);
      expect(Number.isInteger(r.label) && r.label >= 0 && r.label <= 9).toBe(true);
    }
    expect(new Set(images.map((r) => r.label)).size).toBeGreaterThan(5);
  },
};
