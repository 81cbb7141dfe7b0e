import { describe, expect, it } from "vitest";
import {
  computeSquad,
  computeSquadV2,
  normalizeAnswer,
  type SquadReference,
  squadExactMatch,
  squadF1,
  squadV2F1,
} from "../src/index.js";

const ref = (id: string, ...texts: string[]): SquadReference => ({
  id,
  answers: { text: texts, answer_start: texts.map(() => 0) },
});

describe("SQuAD answer normalization", () => {
  it("lowercases, removes punctuation, articles and extra whitespace", () => {
    // "the Cat!" → "the cat!" → "the cat" → " cat" → "cat"
    expect(normalizeAnswer("the Cat!")).toBe("cat");
    expect(squadExactMatch("the Cat!", "cat")).toBe(true);
    expect(normalizeAnswer("An apple a day")).toBe("apple day");
    expect(normalizeAnswer("  New \t York\n")).toBe("new york");
    // punctuation goes before articles: "A.B." → "ab" (not an article)
    expect(normalizeAnswer("A.B.")).toBe("ab");
    // whole words only; "theater" and "anna" keep their letters
    expect(normalizeAnswer("The theater, Anna")).toBe("theater anna");
    // only ASCII punctuation is removed (string.punctuation)
    expect(normalizeAnswer("«Paris»")).toBe("«paris»");
  });

  it("word boundaries are Unicode's, as Python's re", () => {
    // é is a word character in Python 3: "éa" keeps its "a"; a non-breaking space separates words
    expect(normalizeAnswer("éa")).toBe("éa");
    expect(normalizeAnswer("Élan the Éclair")).toBe("élan éclair");
    expect(normalizeAnswer("the\u00a0end")).toBe("end");
  });
});

describe("SQuAD v1.1 metric", () => {
  it("F1 on partial overlaps", () => {
    // pred [denver, broncos], gold [denver, broncos, team]: common 2 → P 2/2, R 2/3 → F1 2·1·(2/3)/(5/3) = 0.8
    expect(squadF1("Denver Broncos", "the Denver Broncos team")).toBe(0.8);
    // pred [big, red, dog] vs gold [red, dog, barked]: common 2 → P = R = 2/3 → F1 2/3
    expect(squadF1("the big red dog", "a red dog barked")).toBeCloseTo(2 / 3, 15);
    // counts are a multiset intersection: [red, red, dog] ∩ [red, dog, dog] = {red: 1, dog: 1} → 2/3
    expect(squadF1("red red dog", "red dog dog")).toBeCloseTo(2 / 3, 15);
    expect(squadF1("blue", "red")).toBe(0);
    // v1.1: two empty answers share no token → 0 (v2 says 1)
    expect(squadF1("", "the")).toBe(0);
    expect(squadV2F1("", "the")).toBe(1);
  });

  it("exact_match and f1 take the best ground truth and count missing predictions as 0", () => {
    const messages: string[] = [];
    const result = computeSquad(
      [
        { id: "q1", prediction_text: "the Cat!" },
        { id: "q2", prediction_text: "Denver Broncos" },
      ],
      [ref("q1", "a dog", "cat"), ref("q2", "the Denver Broncos team", "Broncos"), ref("q3", "x")],
      (id) => messages.push(id),
    );
    // q1: EM 1, F1 1; q2: EM 0, F1 max(0.8, 2/3) = 0.8; q3: no prediction → 0 (total 3)
    expect(result).toEqual({ exact_match: 33.333333333333336, f1: 60.0 });
    expect(messages).toEqual(["q3"]);
  });
});

describe("SQuAD v2 metric", () => {
  const references = [ref("h1", "cat"), ref("h2", "Denver Broncos team"), ref("n1"), ref("n2")];
  const texts = { h1: "the cat", h2: "Denver Broncos", n1: "", n2: "blue" };
  const predictions = (na: Record<string, number> = {}) =>
    Object.entries(texts).map(([id, prediction_text]) => ({
      id,
      prediction_text,
      no_answer_probability: na[id] ?? 0,
    }));

  it("overall, HasAns_ and NoAns_ scores and the best thresholds", () => {
    // raw exact: h1 1, h2 0, n1 1 ("" = ""), n2 0; raw F1: h1 1, h2 0.8, n1 1 (both empty), n2 0
    // best thresholds (all probabilities 0, order kept): start at 2 (the NoAns count); exact: +1 → 3 (best, 0.0),
    // +0, +0 (n1 answers nothing), -1 (n2 answers) → 75; F1: +1 → 3, +0.8 → 3.8 (best), +0, -1 → 95
    expect(computeSquadV2(predictions(), references)).toEqual({
      exact: 50.0,
      f1: 70.0,
      total: 4,
      HasAns_exact: 50.0,
      HasAns_f1: 90.0,
      HasAns_total: 2,
      NoAns_exact: 50.0,
      NoAns_f1: 50.0,
      NoAns_total: 2,
      best_exact: 75.0,
      best_exact_thresh: 0.0,
      best_f1: 95.0,
      best_f1_thresh: 0.0,
    });
    expect(Object.keys(computeSquadV2(predictions(), references))).toEqual([
      "exact",
      "f1",
      "total",
      "HasAns_exact",
      "HasAns_f1",
      "HasAns_total",
      "NoAns_exact",
      "NoAns_f1",
      "NoAns_total",
      "best_exact",
      "best_exact_thresh",
      "best_f1",
      "best_f1_thresh",
    ]);
  });

  it("no-answer probabilities above the threshold predict no answer; thresholds are float32 probabilities", () => {
    const na = { h1: 0.1, h2: 0.9, n1: 0.5, n2: 0.95 };
    // threshold 0.5: h2 (0.9) and n2 (0.95) count as "no answer": h2 → 0 (it has one), n2 → 1; n1 (0.5) is not above
    // thresholded exact = F1 = [1, 0, 1, 1] → 75. Best thresholds, in order h1 .1, n1 .5, h2 .9, n2 .95:
    // exact 2 → 3 (at 0.1) → 3 → 3 → 2: 75 at 0.1f; F1 2 → 3 → 3 → 3.8 (at 0.9f) → 2.8: 95 at 0.9f
    const result = computeSquadV2(predictions(na), references, 0.5);
    expect(result).toMatchObject({ exact: 75.0, f1: 75.0, HasAns_exact: 50.0, NoAns_exact: 100.0 });
    expect(result.best_exact).toBe(75.0);
    expect(result.best_exact_thresh).toBe(0.10000000149011612);
    expect(result.best_f1).toBe(95.0);
    expect(result.best_f1_thresh).toBe(0.8999999761581421);
  });

  it("without unanswerable references there are no NoAns_ keys", () => {
    const result = computeSquadV2(
      [{ id: "h1", prediction_text: "cat", no_answer_probability: 0 }],
      [ref("h1", "Cat")],
    );
    expect(result).toEqual({
      exact: 100.0,
      f1: 100.0,
      total: 1,
      HasAns_exact: 100.0,
      HasAns_f1: 100.0,
      HasAns_total: 1,
      best_exact: 100.0,
      best_exact_thresh: 0.0,
      best_f1: 100.0,
      best_f1_thresh: 0.0,
    });
  });
});
