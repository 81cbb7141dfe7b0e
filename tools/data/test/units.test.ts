import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/args.js";
import { rngFor, shuffled } from "../src/core/random.js";
import { datasetNamed } from "../src/datasets/index.js";
import { corpusBleu, tokenize13a } from "../src/metrics/bleu.js";
import { meanRouge } from "../src/metrics/rouge.js";
import { squadScores } from "../src/metrics/squad.js";
import { parseGloss } from "../src/sources/wordnet.js";
import { universalTag } from "../src/tagsets/brown-universal.js";
import { detokenize } from "../src/text/detokenize.js";
import { pigLatin } from "../src/text/pig-latin.js";
import { chunkSentences } from "../src/text/sentences.js";

describe("Brown → universal tags", () => {
  it("strips title, headline, negation, possessive and contraction marks", () => {
    expect(universalTag("nn-tl")).toBe("NOUN");
    expect(universalTag("np$")).toBe("NOUN");
    expect(universalTag("pp$")).toBe("PRON");
    expect(universalTag("ppss+md")).toBe("PRON");
    expect(universalTag("md*")).toBe("VERB");
    expect(universalTag("*")).toBe("ADV");
    expect(universalTag("fw-nn")).toBe("X");
    expect(universalTag("od")).toBe("ADJ");
    expect(universalTag("cs")).toBe("ADP");
    expect(universalTag("``")).toBe(".");
    expect(universalTag("vbn-hl")).toBe("VERB");
  });
  it("names the tag and the mapping file for a tag it does not know", () => {
    expect(() => universalTag("zz")).toThrow(/"zz".*brown-universal\.ts/);
  });
});

describe("text helpers", () => {
  it("Pig Latin, word by word, keeping case and punctuation", () => {
    expect(pigLatin("The quick string, I said: apple rhythm 42.")).toBe(
      "Ethay ickquay ingstray, Iway aidsay: appleway ythmrhay 42.",
    );
    expect(pigLatin("NATO")).toBe("ATONAY");
  });
  it("detokenizes Brown's tokens", () => {
    expect(
      detokenize(["``", "Only", "a", "handful", "''", ",", "the", "jury", "said", "(", "1961", ")", "."]),
    ).toBe('"Only a handful", the jury said (1961).');
  });
  it("packs sentences into chunks of at most N words and cuts a longer sentence", () => {
    expect(chunkSentences(["a b c.", "d e.", "f g h i j k."], 5)).toEqual(["a b c. d e.", "f g h i j", "k."]);
  });
  it("splits a WordNet gloss into definition and examples", () => {
    expect(
      parseGloss('a tangible and visible entity; an entity that can cast a shadow; "it was full of objects"'),
    ).toEqual({
      definition: "a tangible and visible entity; an entity that can cast a shadow",
      examples: ["it was full of objects"],
    });
  });
});

describe("seeded randomness", () => {
  it("is the same for the same seed and purpose, different otherwise", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffled(items, rngFor(1, "x"))).toEqual(shuffled(items, rngFor(1, "x")));
    expect(shuffled(items, rngFor(1, "x"))).not.toEqual(shuffled(items, rngFor(2, "x")));
    expect(shuffled(items, rngFor(1, "x"))).not.toEqual(shuffled(items, rngFor(1, "y")));
  });
});

describe("metrics the baselines use", () => {
  it("BLEU: sacrebleu's 13a tokens, brevity penalty and exp smoothing", () => {
    expect(tokenize13a("Hello, world. 3.5-4 (ok)")).toEqual([
      "Hello",
      ",",
      "world",
      ".",
      "3.5",
      "-",
      "4",
      "(",
      "ok",
      ")",
    ]);
    expect(corpusBleu(["the cat sat on the mat"], ["the cat sat on the mat"])).toBeCloseTo(100, 10);
    // precisions 4/5, 3/4, 2/3, 1/2; 5 words against 6
    expect(corpusBleu(["a b c d e"], ["a b c d f g"])).toBeCloseTo(
      100 * Math.exp(1 - 6 / 5) * ((4 / 5) * (3 / 4) * (2 / 3) * (1 / 2)) ** 0.25,
      10,
    );
    // no trigram or 4-gram matches: they count 1/(2·3) and 1/(4·2)
    expect(corpusBleu(["a b x c d"], ["a b y c d"])).toBeCloseTo(
      100 * ((4 / 5) * (2 / 4) * (1 / 6) * (1 / 8)) ** 0.25,
      10,
    );
    expect(corpusBleu(["a b c"], ["a b c"])).toBe(0);
  });
  it("ROUGE: rouge_score's tokens, clipped counts, LCS over the whole text", () => {
    const r = meanRouge(["The cat sat", "the the the"], ["the cat sat on the mat", "the cat"]);
    expect(r.rouge1).toBeCloseTo((100 * (2 / 3 + 0.4)) / 2, 10);
    expect(r.rouge2).toBeCloseTo((100 * (2 * 0.4)) / 1.4 / 2, 10);
    expect(r.rougeL).toBeCloseTo((100 * (2 / 3 + 0.4)) / 2, 10);
  });
  it("SQuAD: normalized exact match and token F1", () => {
    expect(squadScores(["The Cat!", "a dog"], [["cat"], ["the big dog"]])).toEqual({
      exact_match: 50,
      f1: (100 * (1 + (2 * 1 * 0.5) / 1.5)) / 2,
    });
  });
});

describe("command line", () => {
  it("fails naming the option or the dataset", () => {
    expect(() => parseCliArgs(["sentiment"])).toThrow(/--out <dir> is required/);
    expect(() => parseCliArgs(["sentiment", "--out", "x", "--size", "huge"])).toThrow(
      /--size must be "tiny" or "default", got "huge"/,
    );
    expect(() => parseCliArgs(["sentiment", "--out", "x", "--seed", "1.5"])).toThrow(
      /--seed must be an integer/,
    );
    expect(() => datasetNamed("imagenet")).toThrow(
      /unknown dataset "imagenet"; one of: sentiment, moby-dick/,
    );
  });
  it("takes the documented defaults", () => {
    expect(parseCliArgs(["mnist", "--out", "d"])).toEqual({
      dataset: "mnist",
      out: "d",
      size: "default",
      seed: 42,
      stats: false,
    });
  });
});
