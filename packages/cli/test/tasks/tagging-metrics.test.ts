import { describe, expect, it } from "vitest";
import { scoredTokens } from "../../src/tasks/token-classification/encode-sentences.js";
import { readTaggedSentences } from "../../src/tasks/token-classification/tagged-sentences.js";
import {
  entitiesOf,
  isChunkTagSet,
  scoreTagging,
} from "../../src/tasks/token-classification/tagging-metrics.js";

describe("token classification metrics (seqeval's rules)", () => {
  it("scores entities and tokens as seqeval's README example does (f1 0.50, accuracy 0.80)", () => {
    const gold = [
      ["O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"],
      ["B-PER", "I-PER", "O"],
    ];
    const predicted = [
      ["O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"],
      ["B-PER", "I-PER", "O"],
    ];
    expect(scoreTagging(gold, predicted, true)).toEqual({
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
      accuracy: 0.8,
    });
  });

  it("reads IOB1 and type changes as seqeval's get_entities", () => {
    expect(entitiesOf(["I-PER", "I-PER", "O", "I-LOC"])).toEqual(["PER:0:1", "LOC:3:3"]);
    expect(entitiesOf(["B-PER", "I-LOC", "I-LOC"])).toEqual(["PER:0:0", "LOC:1:2"]);
    expect(entitiesOf(["B-PER", "B-PER", "S-ORG", "B-X", "E-X"])).toEqual([
      "PER:0:0",
      "PER:1:1",
      "ORG:2:2",
      "X:3:4",
    ]);
  });

  it("counts an entity of one sentence only against the same sentence", () => {
    const metrics = scoreTagging([["B-PER"], ["O"]], [["O"], ["B-PER"]], true);
    expect(metrics).toEqual({ precision: 0, recall: 0, f1: 0, accuracy: 0 });
  });

  it("reports only accuracy for tags that are not chunks (POS)", () => {
    expect(isChunkTagSet(["NOUN", "VERB", "."])).toBe(false);
    expect(isChunkTagSet(["O", "B-PER", "I-PER"])).toBe(true);
    expect(scoreTagging([["NOUN", "VERB", "."]], [["NOUN", "NOUN", "."]], false)).toEqual({
      accuracy: 2 / 3,
    });
  });

  it("labels the first sub-token of each word, or every sub-token with label_all_tokens", () => {
    const wordIds = [null, 0, 0, 1, 2, 2, null];
    expect(scoredTokens(wordIds, false).map((t) => t.position)).toEqual([1, 3, 4]);
    expect(scoredTokens(wordIds, true)).toEqual([
      { position: 1, word: 0, first: true },
      { position: 2, word: 0, first: false },
      { position: 3, word: 1, first: true },
      { position: 4, word: 2, first: true },
      { position: 5, word: 2, first: false },
    ]);
  });

  it("refuses rows whose tags do not match their words, naming the file field, the row and the column", () => {
    const columns = { tokens_column: "tokens", label_column: "pos_tags" };
    const rows = [
      { tokens: ["a", "b"], pos_tags: ["DET", "NOUN"] },
      { tokens: ["a", "b"], pos_tags: ["DET"] },
    ];
    expect(() => readTaggedSentences(rows, columns, "data.validation_file")).toThrow(
      'data.validation_file: row 2: data.label_column "pos_tags" must be a list of one tag per word (2 words), got ["DET"]',
    );
    expect(() => readTaggedSentences([{ tokens: "a b" }], columns, "data.test_file")).toThrow(
      /^data\.test_file: row 1: data\.tokens_column "tokens" must be a list of words/,
    );
    expect(readTaggedSentences([{ tokens: ["a"] }], columns, "data.test_file")).toEqual([{ words: ["a"] }]);
  });
});
