import { describe, expect, it } from "vitest";
import { corpusBleu, tokenize13a } from "../../src/tasks/seq2seq/bleu.js";
import { meanGeneratedLength } from "../../src/tasks/seq2seq/generated-text.js";
import { meanRouge, rougeOf, rougeTokens } from "../../src/tasks/seq2seq/rouge.js";

// sacreBLEU's README: three system sentences, two reference sets (here: the references of each sentence)
const SYSTEM = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."];
const REFERENCES = [
  ["The dog bit the man.", "The dog had bit the man."],
  ["It was not unexpected.", "No one was surprised."],
  ["The man bit him first.", "The man had bitten the dog."],
];

describe("corpus BLEU (sacreBLEU's defaults)", () => {
  it("gives sacreBLEU README's score: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943, 17 / 18)", () => {
    const bleu = corpusBleu(SYSTEM, REFERENCES);
    expect(bleu.score).toBeCloseTo(48.53, 2);
    expect(bleu.precisions.map((p) => Number(p.toFixed(1)))).toEqual([82.4, 50.0, 45.5, 37.5]);
    expect(bleu.brevityPenalty).toBeCloseTo(0.943, 3);
    expect([bleu.hypothesisLength, bleu.referenceLength]).toEqual([17, 18]);
  });

  it("gives the README's variable-reference score (first reference of the first sentence removed): 29.44", () => {
    const references = [["", REFERENCES[0][1]], REFERENCES[1], REFERENCES[2]];
    const bleu = corpusBleu(SYSTEM, references);
    expect(bleu.score).toBeCloseTo(29.44, 2);
    expect(bleu.precisions.map((p) => Number(p.toFixed(1)))).toEqual([82.4, 42.9, 27.3, 12.5]);
    expect([bleu.hypothesisLength, bleu.referenceLength]).toEqual([17, 19]);
  });

  it("scores 100 for predictions equal to a reference (evaluate's sacrebleu card) and 0 with no 4-gram at all", () => {
    const predictions = ["hello there general kenobi", "foo bar foobar"];
    const references = [
      ["hello there general kenobi", "hello there !"],
      ["foo bar foobar", "foo bar foobar"],
    ];
    expect(corpusBleu(predictions, references).score).toBeCloseTo(100, 10);
    // three tokens: no 4-gram to count, which sacreBLEU scores 0 without effective order
    expect(corpusBleu(["a b c"], [["a b c"]]).score).toBe(0);
  });

  it("tokenizes as 13a: punctuation split off except inside numbers, apostrophes kept", () => {
    expect(tokenize13a("It wasn't 3.5-4 (or 1,000)!")).toEqual([
      "It",
      "wasn't",
      "3.5",
      "-",
      "4",
      "(",
      "or",
      "1,000",
      ")",
      "!",
    ]);
    expect(tokenize13a("&quot;Yes&quot; &amp; no.")).toEqual(['"', "Yes", '"', "&", "no", "."]);
  });

  it("refuses predictions without references", () => {
    expect(() => corpusBleu(["a"], [])).toThrow(/1 predictions for 0 lists/);
  });
});

describe("ROUGE (rouge_score with use_stemmer=True, as run_summarization)", () => {
  it("gives rouge_score README's example: rouge1 F 0.7059, rougeL F 0.5882", () => {
    const scores = rougeOf(
      "The quick brown dog jumps on the log.",
      "The quick brown fox jumps over the lazy dog",
    );
    expect(scores.rouge1).toBeCloseTo(0.7058823529411765, 12);
    expect(scores.rougeL).toBeCloseTo(0.5882352941176471, 12);
  });

  it("stems tokens longer than 3 characters and drops punctuation", () => {
    expect(rougeTokens("The cats were RUNNING, it's ok!")).toEqual([
      "the",
      "cat",
      "were",
      "run",
      "it",
      "s",
      "ok",
    ]);
    // the, cat, were, run against the, cat, run: P 3/4, R 1
    expect(rougeOf("The cats were running", "the cat runs").rouge1).toBeCloseTo(6 / 7, 12);
    // bigrams: (the cat) (cat were) (were run) against (the cat) (cat run): P 1/3, R 1/2
    expect(rougeOf("The cats were running", "the cat runs").rouge2).toBeCloseTo(0.4, 12);
  });

  it("rougeLsum matches sentence by sentence, rougeL the whole text", () => {
    const scores = rougeOf("The cat sat. The dog ran.", "The dog ran. The cat sat.");
    expect(scores.rougeL).toBeCloseTo(0.5, 12);
    expect(scores.rougeLsum).toBeCloseTo(1, 12);
  });

  it("scores 0 when a side has no token, and averages F1 × 100 over the examples", () => {
    expect(rougeOf("", "a summary")).toEqual({ rouge1: 0, rouge2: 0, rougeL: 0, rougeLsum: 0 });
    expect(rougeOf("...", "a summary").rouge1).toBe(0);
    const mean = meanRouge(["a b", "x"], ["a b", "y"]);
    expect(mean.rouge1).toBeCloseTo(50, 12);
    expect(mean.rouge2).toBeCloseTo(50, 12);
  });
});

describe("gen_len", () => {
  it("counts the ids that are not the pad id, averaged over the rows", () => {
    expect(
      meanGeneratedLength(
        [
          [2, 5, 6, 1, 1],
          [2, 7, 1, 1, 1],
        ],
        1,
      ),
    ).toBe(2.5);
  });
});
