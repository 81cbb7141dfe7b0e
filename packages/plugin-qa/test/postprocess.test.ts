import { describe, expect, it } from "vitest";
import { type NbestEntry, postprocessQaPredictions, softmaxScores, topIndices } from "../src/index.js";
import { f32, feature, PARIS, PARIS_OFFSETS, YES_OFFSETS, yesExample } from "./fixtures.js";

/**
 * Logits of the three PARIS features (positions 0..8; 4..7 are context tokens, see fixtures.ts) and the candidates
 * they give with n_best_size 3 and max_answer_length 3. A pair (s, e) is kept when both tokens are in the context,
 * e >= s and e - s + 1 <= 3; its score is start[s] + end[e].
 *
 * feature 0 — start top 3: 7 (3), 6 (2), 4 (1); end top 3: 7 (2.5), 5 (1.5), 6 (0.5)
 *   (7,7) "capital" 5.5 · (7,5) (7,6) end before start · (6,7) "the capital" 4.5 · (6,5) end before start ·
 *   (6,6) "the" 2.5 · (4,7) 4 tokens > 3 · (4,5) "Paris is" 2.5 · (4,6) "Paris is the" 1.5
 * feature 1 — start top 3: 5 (2.5), 7 (1), 4 (0.5); end top 3: 7 (3.25), 5 (1), 6 (0.5)
 *   (5,7) "capital of France" 5.75 · (5,5) "capital" 3.5 · (5,6) "capital of" 3 · (7,7) "France" 4.25 ·
 *   (7,5) (7,6) end before start · (4,7) 4 tokens · (4,5) "the capital" 1.5 · (4,6) "the capital of" 1
 * feature 2 — start top 3: 8 (4.5) and 7 (4) are padding and [SEP] (null offsets: skipped), 5 (1.5);
 *   end top 3: 7 (5) [SEP] skipped, 5 (2), 6 (1) → (5,5) "France" 3.5 · (5,6) "France." 2.5
 *
 * All candidates sorted by score (ties keep their order): 5.75 "capital of France", 5.5 "capital",
 * 4.5 "the capital", 4.25 "France", 3.5 "capital", 3.5 "France", … → the 3 best: 5.75, 5.5, 4.5.
 */
const PARIS_START = [
  [0, -1, -1, -1, 1, 0.5, 2, 3, -2],
  [-0.5, 0, 0, 0, 0.5, 2.5, -1, 1, -3],
  [-3, -1, -1, -1, 0, 1.5, -0.5, 4, 4.5],
];
const PARIS_END = [
  [0, -1, -1, -1, 0.25, 1.5, 0.5, 2.5, -2],
  [-1, 0, 0, 0, -1, 1, 0.5, 3.25, -3],
  [0, -1, -1, -1, -1, 2, 1, 5, -1],
];
/**
 * n-best lists equal, probabilities within a float32 ulp or two: numpy's SIMD float32 exp (which HF's softmax uses)
 * is not correctly rounded and depends on the CPU; the values in the tests are numpy's on an AVX-512 machine.
 */
function expectNbest(actual: NbestEntry[], expected: NbestEntry[]) {
  expect(actual.map(({ probability: _p, ...rest }) => rest)).toEqual(
    expected.map(({ probability: _p, ...rest }) => rest),
  );
  actual.forEach((entry, i) => {
    expect(Math.abs(entry.probability - expected[i].probability)).toBeLessThan(
      2e-7 * expected[i].probability + 1e-12,
    );
  });
}

const parisFeatures = PARIS_OFFSETS.map((o, i) => feature("paris", o, i));
const OPTIONS = { n_best_size: 3, max_answer_length: 3 };

/** "Yes." whose CLS scores win: null = 3 + 2 = 5 (see the v2 test). */
const YES_START = [3, -2, -2, -2, 1, 0.5, -2, -2, -2];
const YES_END = [2, -2, -2, -2, 0.5, 1.5, -2, -2, -2];

describe("postprocess_qa_predictions (SQuAD v1)", () => {
  it("maps the features of an example with stride to its n-best answers", () => {
    const result = postprocessQaPredictions(
      [PARIS],
      parisFeatures,
      {
        start: PARIS_START.map(f32),
        end: PARIS_END.map(f32),
      },
      OPTIONS,
    );
    // softmax of [5.75, 5.5, 4.5] = [1, e^-0.25, e^-1.25] / 2.0653 (numpy, float32)
    expectNbest(result.nbest.paris, [
      { start_logit: 2.5, end_logit: 3.25, text: "capital of France", probability: 0.48418986797332764 },
      { start_logit: 3, end_logit: 2.5, text: "capital", probability: 0.37708741426467896 },
      { start_logit: 2, end_logit: 2.5, text: "the capital", probability: 0.1387227177619934 },
    ]);
    expect(result.predictions).toEqual({ paris: "capital of France" });
    expect(result.nullOdds).toBeUndefined();
    expect(Object.keys(result.nbest.paris[0])).toEqual(["start_logit", "end_logit", "text", "probability"]);
  });

  it("a longer max_answer_length and n_best_size admit more candidates", () => {
    // (4,7) in feature 0 is "Paris is the capital" (4 tokens): 1 + 2.5 = 3.5, now allowed; n_best 4 keeps
    // 5.75, 5.5, 4.5 and 4.25 "France" (start/end top 4 adds start 5 (0.5) and end 4 (0.25) in feature 0, etc.,
    // all below 4.25)
    const result = postprocessQaPredictions(
      [PARIS],
      parisFeatures,
      {
        start: PARIS_START.map(f32),
        end: PARIS_END.map(f32),
      },
      { n_best_size: 4, max_answer_length: 4 },
    );
    expect(result.nbest.paris.map((p) => p.text)).toEqual([
      "capital of France",
      "capital",
      "the capital",
      "France",
    ]);
  });

  it("predicts HF's placeholder 'empty' when no candidate is valid", () => {
    // start top 3 are positions 0, 1, 2 (CLS and question): every pair is skipped
    const ok = yesExample("yes", { text: ["Yes"], answer_start: [0] });
    const result = postprocessQaPredictions(
      [ok],
      [feature("yes", YES_OFFSETS)],
      {
        start: [f32([5, 4, 3, 2, 0, 0, 1, 1, 1])],
        end: [f32([5, 4, 3, 2, 0, 0, 1, 1, 1])],
      },
      OPTIONS,
    );
    expect(result.predictions).toEqual({ yes: "empty" });
    expectNbest(result.nbest.yes, [{ text: "empty", start_logit: 0, end_logit: 0, probability: 1 }]);
    expect(Object.keys(result.nbest.yes[0])).toEqual(["text", "start_logit", "end_logit", "probability"]);
  });

  it("features are grouped by example id, in the examples' order", () => {
    const ok = yesExample("yes", { text: ["Yes"], answer_start: [0] });
    // the "yes" feature comes first; predictions follow the examples' order (paris, yes)
    const features = [feature("yes", YES_OFFSETS), ...parisFeatures];
    const result = postprocessQaPredictions(
      [PARIS, ok],
      features,
      {
        start: [f32(YES_START), ...PARIS_START.map(f32)],
        end: [f32(YES_END), ...PARIS_END.map(f32)],
      },
      OPTIONS,
    );
    // yes: (4,5) "Yes." 2.5, (4,4) "Yes" 1.5, (5,5) "." 2 → "Yes." (start 0 is CLS: skipped)
    expect(result.predictions).toEqual({ paris: "capital of France", yes: "Yes." });
    expect(Object.keys(result.predictions)).toEqual(["paris", "yes"]);
  });

  it("token_is_max_context, when given, removes starts without their maximum context", () => {
    // feature 1 may not start at position 5 ("capital"): its best, "capital of France", goes away
    const features = parisFeatures.map((f, i) =>
      i === 1 ? { ...f, token_is_max_context: { "4": true, "7": true } } : f,
    );
    const result = postprocessQaPredictions(
      [PARIS],
      features,
      {
        start: PARIS_START.map(f32),
        end: PARIS_END.map(f32),
      },
      OPTIONS,
    );
    expect(result.nbest.paris.map((p) => p.text)).toEqual(["capital", "the capital", "France"]);
  });

  it("fails like HF when predictions and features disagree, or a feature's example is unknown", () => {
    expect(() => postprocessQaPredictions([PARIS], parisFeatures, { start: [], end: [] })).toThrow(
      "Got 0 predictions and 3 features.",
    );
    expect(() =>
      postprocessQaPredictions([PARIS], [feature("other", YES_OFFSETS)], {
        start: [f32(YES_START)],
        end: [f32(YES_END)],
      }),
    ).toThrow(/example "other"/);
  });
});

describe("postprocess_qa_predictions (SQuAD v2: null answers)", () => {
  // PARIS with CLS logits: feature 0 → -1 + -1 = -2, feature 1 → -0.5 + -1 = -1.5, feature 2 → -3 + 0 = -3.
  // The minimum null score is feature 2's -3 (start -3, end 0). The spans are those of the v1 case.
  const v2 = { ...OPTIONS, version_2_with_negative: true };
  const start = PARIS_START.map((r, i) => f32([[-1, -0.5, -3][i], ...r.slice(1)]));
  const end = PARIS_END.map((r, i) => f32([[-1, -1, 0][i], ...r.slice(1)]));
  const noAnswer = yesExample("none", { text: [], answer_start: [] });

  it("the minimum null score is added back after the n-best when it did not make it", () => {
    const result = postprocessQaPredictions([PARIS], parisFeatures, { start, end }, v2);
    // n-best: 5.75, 5.5, 4.5; the null (-3) is appended as a 4th entry; softmax over [5.75, 5.5, 4.5, -3]
    expectNbest(result.nbest.paris, [
      { start_logit: 2.5, end_logit: 3.25, text: "capital of France", probability: 0.4841527044773102 },
      { start_logit: 3, end_logit: 2.5, text: "capital", probability: 0.3770584762096405 },
      { start_logit: 2, end_logit: 2.5, text: "the capital", probability: 0.1387120634317398 },
      { start_logit: -3, end_logit: 0, text: "", probability: 7.671948696952313e-5 },
    ]);
    // score_diff = null - best.start - best.end = -3 - 2.5 - 3.25 = -8.75, not above 0: the span wins
    expect(result.nullOdds).toEqual({ paris: -8.75 });
    expect(result.predictions).toEqual({ paris: "capital of France" });
  });

  it("predicts no answer when null score - best span score exceeds the threshold", () => {
    // "Yes.": null = 3 + 2 = 5; spans (4,5) "Yes." 1 + 1.5 = 2.5, (5,5) "." 0.5 + 1.5 = 2, (4,4) "Yes" 1.5.
    // n-best (3): null 5, "Yes." 2.5, "." 2 — the null is among them, nothing added.
    // best non-null "Yes.": diff = 5 - 1 - 1.5 = 2.5 > 0 → ""
    const logits = { start: [f32(YES_START)], end: [f32(YES_END)] };
    const result = postprocessQaPredictions([noAnswer], [feature("none", YES_OFFSETS)], logits, v2);
    expectNbest(result.nbest.none, [
      { start_logit: 3, end_logit: 2, text: "", probability: 0.8834920525550842 },
      { start_logit: 1, end_logit: 1.5, text: "Yes.", probability: 0.07252145558595657 },
      { start_logit: 0.5, end_logit: 1.5, text: ".", probability: 0.0439864806830883 },
    ]);
    expect(result.nullOdds).toEqual({ none: 2.5 });
    expect(result.predictions).toEqual({ none: "" });
    // with null_score_diff_threshold 3, 2.5 is not above it: the span wins; 2.5 is exactly the boundary
    const lenient = { ...v2, null_score_diff_threshold: 3 };
    expect(
      postprocessQaPredictions([noAnswer], [feature("none", YES_OFFSETS)], logits, lenient).predictions,
    ).toEqual({
      none: "Yes.",
    });
    const boundary = { ...v2, null_score_diff_threshold: 2.5 };
    expect(
      postprocessQaPredictions([noAnswer], [feature("none", YES_OFFSETS)], logits, boundary).predictions,
    ).toEqual({ none: "Yes." });
  });

  it("only the null candidate: HF's 'empty' placeholder comes first and the softmax is float64", () => {
    // start top 3 are positions 0, 1, 2: no span; candidates = [null (3 + 1 = 4)] → its text is "" → placeholder
    // {"empty", 0, 0, score 0.0} is inserted first; softmax([0, 4]) in float64 (the placeholder's score is a
    // Python float); best non-null is the placeholder: diff = 4 - 0 - 0 = 4 > 0 → ""
    const result = postprocessQaPredictions(
      [noAnswer],
      [feature("none", YES_OFFSETS)],
      { start: [f32([3, -1, -2, -3, -5, -5, -4, -4, -4])], end: [f32([1, -1, -2, -3, -5, -5, -4, -4, -4])] },
      v2,
    );
    expectNbest(result.nbest.none, [
      { text: "empty", start_logit: 0, end_logit: 0, probability: 0.017986209962091555 },
      { start_logit: 3, end_logit: 1, text: "", probability: 0.9820137900379085 },
    ]);
    expect(result.nullOdds).toEqual({ none: 4 });
    expect(result.predictions).toEqual({ none: "" });
  });

  it("scores and differences are float32 sums, as numpy's", () => {
    // null = 1.1f + 0.2f; the only span (4,4) "Yes" has start 0.7f and end 0.6f (n_best 2: starts 0, 4; ends 4, 0).
    // numpy: (1.1f + 0.2f) - 0.7f - 0.6f = 5.960464477539063e-08 in float32; in float64 it would be 1.49e-08
    const result = postprocessQaPredictions(
      [noAnswer],
      [feature("none", YES_OFFSETS)],
      {
        start: [f32([1.1, -9, -9, -9, 0.7, -9, -9, -9, -9])],
        end: [f32([0.2, -9, -9, -9, 0.6, -9, -9, -9, -9])],
      },
      { ...v2, n_best_size: 2 },
    );
    expect(result.nullOdds?.none).toBe(2 ** -24); // 5.960464477539063e-08
    expect(result.predictions).toEqual({ none: "" });
  });
});

describe("numpy helpers", () => {
  it("argsort read backwards: largest first, equal values by higher index first, NaN first", () => {
    expect(topIndices([1, 3, 2, 3], 4)).toEqual([3, 1, 2, 0]);
    expect(topIndices([0, Number.NaN, 5], 2)).toEqual([1, 2]);
    expect(topIndices([1, 2], 5)).toEqual([1, 0]);
  });

  it("float32 softmax with numpy's pairwise sum (21 scores: 8 accumulators + remainder)", () => {
    const scores = Array.from({ length: 21 }, (_, i) => Math.fround(-3 + (6 * i) / 20));
    const p = softmaxScores(scores, false);
    // numpy: np.exp(s - s.max()) / sum over float32 linspace(-3, 3, 21)
    expect(p[0]).toBeCloseTo(0.0006436292896978557, 9);
    expect(p[10]).toBeCloseTo(0.012927640229463577, 8);
    expect(p[20]).toBeCloseTo(0.2596586048603058, 7);
    expect(p.every((x) => x === Math.fround(x))).toBe(true);
  });
});
