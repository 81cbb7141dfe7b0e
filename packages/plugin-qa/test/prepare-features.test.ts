import { describe, expect, it } from "vitest";
import {
  type AsyncQaTokenizer,
  prepareTrainFeatures,
  prepareTrainFeaturesAsync,
  prepareValidationFeatures,
  prepareValidationFeaturesAsync,
  type QaExample,
  SimpleQaTokenizer,
} from "../src/index.js";
import { PARIS, PARIS_OFFSETS } from "./fixtures.js";

const tokenizer = SimpleQaTokenizer.fromTexts([PARIS.question, PARIS.context]);
const OPTIONS = { max_seq_length: 9, doc_stride: 2 };
const withAnswer = (text: string, start: number): QaExample => ({
  ...PARIS,
  answers: { text: [text], answer_start: [start] },
});
const positions = (example: QaExample) =>
  prepareTrainFeatures([example], tokenizer, OPTIONS).map((f) => [f.start_positions, f.end_positions]);

describe("SimpleQaTokenizer", () => {
  it("overflows the context into windows with stride, as HF fast tokenizers", () => {
    const windows = tokenizer.encodePair("Where?", PARIS.context, {
      truncation: "only_second",
      maxLength: 9,
      stride: 2,
      returnOverflowingTokens: true,
      padding: "max_length",
    });
    const words = (ids: number[]) => ids.map((id) => tokenizer.vocab[id]);
    // 7 context tokens, 4 per window, each window 2 tokens after the previous one's start
    expect(windows.map((w) => words(w.input_ids))).toEqual([
      ["[CLS]", "where", "?", "[SEP]", "paris", "is", "the", "capital", "[SEP]"],
      ["[CLS]", "where", "?", "[SEP]", "the", "capital", "of", "france", "[SEP]"],
      ["[CLS]", "where", "?", "[SEP]", "of", "france", ".", "[SEP]", "[PAD]"],
    ]);
    expect(windows[2].sequenceIds).toEqual([null, 0, 0, null, 1, 1, 1, null, null]);
    expect(windows[2].token_type_ids).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0]);
    expect(windows[2].attention_mask).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(windows[0].offsets).toEqual([
      [0, 0],
      [0, 5],
      [5, 6],
      [0, 0],
      [0, 5],
      [6, 8],
      [9, 12],
      [13, 20],
      [0, 0],
    ]);
    expect(() =>
      tokenizer.encodePair("Where?", PARIS.context, {
        truncation: "only_second",
        maxLength: 9,
        stride: 4,
        returnOverflowingTokens: true,
      }),
    ).toThrow(/stride 4/);
  });

  it("character granularity splits every non-space character", () => {
    const chars = SimpleQaTokenizer.fromTexts(["ab c"], { granularity: "character" });
    expect(chars.split("ab c").map((p) => [p.text, p.start, p.end])).toEqual([
      ["a", 0, 1],
      ["b", 1, 2],
      ["c", 3, 4],
    ]);
  });
});

describe("prepare_validation_features", () => {
  it("keeps the example id and nulls the offsets of every token outside the context", () => {
    const features = prepareValidationFeatures([PARIS], tokenizer, OPTIONS);
    expect(features.map((f) => f.example_id)).toEqual(["paris", "paris", "paris"]);
    expect(features.map((f) => f.offset_mapping)).toEqual(PARIS_OFFSETS);
    expect(Object.keys(features[0])).toEqual([
      "input_ids",
      "token_type_ids",
      "attention_mask",
      "offset_mapping",
      "example_id",
    ]);
  });

  it("strips the question's leading whitespace", () => {
    const spaced = prepareValidationFeatures([{ ...PARIS, question: " \u00a0 Where?" }], tokenizer, OPTIONS);
    expect(spaced).toEqual(prepareValidationFeatures([PARIS], tokenizer, OPTIONS));
  });
});

describe("prepare_train_features", () => {
  it("labels the answer's tokens, and the CLS index in windows that cut the answer", () => {
    // "capital of France" = characters [13, 30).
    // feature 0 (Paris is the capital): its context ends at 20 < 30 → the answer is cut → CLS (0, 0)
    // feature 1 (the capital of France): 9 <= 13 and 30 >= 30 → inside. Start: walk while token start <= 13:
    //   the (9), capital (13), of (21 > 13 stops) → position 6 - 1 = 5. End: walk back while token end >= 30:
    //   France (30), of (23 < 30 stops) → 6 + 1 = 7. → (5, 7)
    // feature 2 (of France .): starts at 21 > 13 → CLS
    expect(positions(PARIS)).toEqual([
      [0, 0],
      [5, 7],
      [0, 0],
    ]);
    const features = prepareTrainFeatures([PARIS], tokenizer, OPTIONS);
    expect(Object.keys(features[1])).toEqual([
      "input_ids",
      "token_type_ids",
      "attention_mask",
      "start_positions",
      "end_positions",
    ]);
    expect(features[1].input_ids.slice(5, 8).map((id) => tokenizer.vocab[id])).toEqual([
      "capital",
      "of",
      "france",
    ]);
  });

  it("an answer inside a token is labelled with the token", () => {
    // "apit" = [14, 18) inside "capital" [13, 20). Feature 1: start walk the (9), capital (13 <= 14), of (21 > 14)
    // → 5; end walk France (30 >= 18), of (23 >= 18), capital (20 >= 18), the (12 < 18) → 4 + 1 = 5
    expect(positions(withAnswer("apit", 14))[1]).toEqual([5, 5]);
  });

  it("reproduces HF's edge case: an answer starting at a window's last context token is labelled past it", () => {
    // "France" = [24, 30). Feature 0: context ends at 20 → CLS. Feature 1: France is the last context token;
    // the start walk passes it and keeps going over [SEP] (offset [0, 0], 0 <= 24) to the end: 9 - 1 = 8;
    // the end walk gives 7. Feature 2: of (21), France (24), "." (30 > 24) → 5; end: "." (31), France (30),
    // of (23 < 30) → 5. HF's run_qa labels these the same way (its comment calls it an edge case).
    expect(positions(withAnswer("France", 24))).toEqual([
      [0, 0],
      [8, 7],
      [5, 5],
    ]);
  });

  it("unanswerable examples point at CLS in every window", () => {
    expect(positions({ ...PARIS, answers: { text: [], answer_start: [] } })).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });

  it("without padding, features keep their own length", () => {
    const features = prepareTrainFeatures([PARIS], tokenizer, { ...OPTIONS, pad_to_max_length: false });
    expect(features.map((f) => f.input_ids.length)).toEqual([9, 9, 8]);
    expect(features.map((f) => [f.start_positions, f.end_positions])).toEqual([
      [0, 0],
      [5, 7],
      [0, 0],
    ]);
  });
});

describe("with an asynchronous tokenizer", () => {
  // Resolves in reverse order of the calls, so the features' order cannot come from the order encodes finish in.
  const delayed = (): AsyncQaTokenizer => {
    let pending = 0;
    return {
      clsTokenId: tokenizer.clsTokenId,
      encodePair: (first, second, options) => {
        const windows = tokenizer.encodePair(first, second, options);
        const delay = 20 - 5 * pending++;
        return new Promise((resolve) => setTimeout(() => resolve(windows), Math.max(delay, 0)));
      },
    };
  };
  const examples = [PARIS, withAnswer("France", 24), { ...PARIS, id: "q3", question: " Which city?" }];

  it("gives the features of the synchronous functions, in example order", async () => {
    expect(await prepareTrainFeaturesAsync(examples, delayed(), OPTIONS)).toEqual(
      prepareTrainFeatures(examples, tokenizer, OPTIONS),
    );
    const validation = await prepareValidationFeaturesAsync(examples, delayed(), OPTIONS);
    expect(validation).toEqual(prepareValidationFeatures(examples, tokenizer, OPTIONS));
    expect(validation.at(-1)?.example_id).toBe("q3");
  });

  it("passes run_qa's tokenizer call (stripped question, only_second, stride, overflow, padding)", async () => {
    const calls: unknown[][] = [];
    const spy: AsyncQaTokenizer = {
      encodePair: async (...args) => {
        calls.push(args);
        return tokenizer.encodePair(...args);
      },
    };
    await prepareTrainFeaturesAsync([{ ...PARIS, question: "  Where?" }], spy, {
      ...OPTIONS,
      pad_to_max_length: false,
    });
    expect(calls).toEqual([
      [
        "Where?",
        PARIS.context,
        { truncation: "only_second", maxLength: 9, stride: 2, returnOverflowingTokens: true, padding: false },
      ],
    ]);
  });
});
