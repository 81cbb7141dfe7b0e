import { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { describe, expect, it } from "vitest";
import { firstSentence, qaBaselines } from "../../src/tasks/question-answering/baselines.js";
import { readQaExamples } from "../../src/tasks/question-answering/qa-examples.js";
import { asQaTokenizer } from "../../src/tasks/question-answering/qa-tokenizer.js";

const COLUMNS = {
  question_column: "question",
  context_column: "context",
  answer_column: "answers",
  version_2_with_negative: false,
};
const read = (rows: Record<string, unknown>[], checkSpans = true) =>
  readQaExamples(rows, COLUMNS, { file: "data.train_file", checkSpans });
const row = (context: string, text: string, start: number, id: unknown = "q1") => ({
  id,
  question: "Where?",
  context,
  answers: { text: [text], answer_start: [start] },
});

describe("readQaExamples", () => {
  it("turns answer_start from code points (HF datasets) into UTF-16 positions", () => {
    // "🙂" is one code point and two UTF-16 units: the answer starts at code point 8, UTF-16 unit 9
    const [example] = read([row("I am 🙂 in Paris", "in Paris", 7)]);
    expect(example.answers.answer_start).toEqual([8]);
    expect(example.context.slice(8, 8 + "in Paris".length)).toBe("in Paris");
    expect(read([row("plain Paris", "Paris", 6)])[0].answers.answer_start).toEqual([6]);
  });

  it("names the file, the row and the column of a bad answer", () => {
    expect(() =>
      read([row("Paris is big", "Paris", 0), { ...row("x", "x", 0, "q2"), answers: "x" }]),
    ).toThrow(/^data\.train_file row 2: data\.answer_column "answers" must be \{"text"/);
    expect(() => read([{ ...row("x", "x", 0), answers: { text: ["x"], answer_start: [0, 1] } }])).toThrow(
      /1 texts but 2 answer_start values/,
    );
    expect(() => read([row("Paris", "Paris", 9)])).toThrow(/answer_start\[0\] = 9 is past the context's end/);
    expect(() => read([{ ...row("x", "x", 0), answers: { text: [], answer_start: [] } }])).toThrow(
      /has no answer: set data\.version_2_with_negative: true/,
    );
    expect(() => read([{ ...row("x", "x", 0), question: 3 }])).toThrow(
      /row 1: data\.question_column "question" must be a string, got 3/,
    );
  });

  it("checks the span of a training answer, and only there", () => {
    expect(() => read([row("Paris is big", "big", 3)])).toThrow(
      /row 1: data\.answer_column: the answer "big" is not the context's text at its answer_start \("is "/,
    );
    expect(read([row("Paris is big", "big", 3)], false)[0].answers.answer_start).toEqual([3]);
  });

  it("keys examples by id, the line number when there is none, and refuses a repeated id", () => {
    const { id: _, ...noId } = row("Paris", "Paris", 0);
    expect(read([noId, row("Paris", "Paris", 0, 7)]).map((e) => e.id)).toEqual(["1", "7"]);
    expect(() => read([row("a", "a", 0, "x"), row("b", "b", 0, "x")])).toThrow(
      /row 2: id "x" is also the id of row 1/,
    );
  });
});

describe("asQaTokenizer", () => {
  it("gives run_qa's windows with offsets in UTF-16 units of their own text", async () => {
    const tokenizer = await PreTrainedTokenizer.train({
      model: "wordpiece",
      vocabSize: 80,
      texts: ["where is the cat?", "the cat 🙂 sat on the mat in the sun"],
    });
    const question = "where is the cat?";
    const context = "the 🙂 cat sat on the mat in the sun";
    const windows = await asQaTokenizer(tokenizer).encodePair(question, context, {
      truncation: "only_second",
      maxLength: 16,
      stride: 2,
      returnOverflowingTokens: true,
      padding: "max_length",
    });
    expect(windows.length).toBeGreaterThan(1);
    for (const window of windows) {
      expect(window.input_ids).toHaveLength(16);
      window.offsets.forEach(([start, end], k) => {
        const sequence = window.sequenceIds[k];
        if (sequence === null) return;
        const piece = (sequence === 0 ? question : context).slice(start, end);
        // every token's span is its own text, lowercased, in the string it came from
        expect(tokenizer.idToToken(window.input_ids[k])?.replace(/^##/, "")).toBe(piece.toLowerCase());
      });
    }
    // "the 🙂 cat": the token after the emoji starts at code point 6, UTF-16 unit 7
    const starts = windows[0].offsets
      .filter((_, k) => windows[0].sequenceIds[k] === 1)
      .map(([start]) => start);
    expect(starts).toContain(7);
    expect(starts).not.toContain(6);
  });
});

describe("baselines", () => {
  it("the first sentence ends at . ! or ? followed by white space", () => {
    expect(firstSentence("Dr.Who is here. Then more.")).toBe("Dr.Who is here.");
    expect(firstSentence("no end mark")).toBe("no end mark");
  });

  it("scores trivial answers with the SQuAD metric on validation", () => {
    const example = (id: string, context: string, answer: string) => ({
      id,
      question: "?",
      context,
      answers: { text: [answer], answer_start: [context.indexOf(answer)] },
    });
    const train = [example("t", "one two three four", "two three")];
    const validation = [
      example("a", "Red fox. Blue sky.", "Red fox"),
      example("b", "Big dog ran. Cat.", "Cat"),
    ];
    const [sentence, lead] = qaBaselines(train, validation, false);
    expect(sentence).toEqual({ name: "the context's first sentence", metrics: { exact_match: 50, f1: 50 } });
    // train's answers have 2 words: "Red fox." (exact) and "Big dog." (no overlap with "Cat")
    expect(lead.name).toBe("the context's first 2 words (train's mean answer length)");
    expect(lead.metrics).toEqual({ exact_match: 50, f1: 50 });
  });
});
