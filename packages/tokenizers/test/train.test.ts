import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PreTrainedTokenizer, TokenizerError } from "../src/index";
import { fixturesDir, loadSentences } from "./helpers";

const sentences = loadSentences();
/** A third of the corpus, where the whole one is not needed: training it takes a third of the time. */
const someSentences = sentences.slice(0, 1000);
let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "tokenizers-train-test-"));
});
afterAll(() => rm(workDir, { recursive: true, force: true }));

/** The settings tools/make-fixtures.mjs trained the fixtures with. */
const fixtureOptions = { texts: sentences, vocabSize: 2000, modelMaxLength: 128 };

describe("training is deterministic", () => {
  it.each(["wordpiece", "bpe"] as const)(
    "%s: the same corpus gives the same bytes as the committed fixture, trained in another process",
    async (model) => {
      const tokenizer = await PreTrainedTokenizer.train({ ...fixtureOptions, model });
      const dir = join(workDir, `saved-${model}`);
      await tokenizer.savePretrained(dir);
      for (const file of ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]) {
        expect(await readFile(join(dir, file), "utf8"), file).toBe(
          await readFile(join(fixturesDir, model, file), "utf8"),
        );
      }
    },
  );

  it("files and texts of the same lines train the same tokenizer", async () => {
    const file = join(workDir, "corpus.txt");
    await writeFile(file, `${someSentences.join("\n")}\n`);
    const fromFile = await PreTrainedTokenizer.train({ files: [file], model: "wordpiece", vocabSize: 500 });
    const fromTexts = await PreTrainedTokenizer.train({
      texts: someSentences,
      model: "wordpiece",
      vocabSize: 500,
    });
    expect(fromFile.toTokenizerJson()).toBe(fromTexts.toTokenizerJson());
  });
});

describe("wordpiece", () => {
  it.each([300, 1234])(
    "has exactly vocabSize %i entries, special tokens first, and never needs [UNK]",
    async (size) => {
      const tokenizer = await PreTrainedTokenizer.train({
        texts: someSentences,
        model: "wordpiece",
        vocabSize: size,
      });
      expect(tokenizer.vocabSize).toBe(size);
      const vocab = tokenizer.getVocab();
      expect(Object.keys(vocab)).toHaveLength(size);
      expect(Object.values(vocab).sort((a, b) => a - b)).toEqual([...Array(size).keys()]);
      expect(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map((t) => tokenizer.tokenToId(t))).toEqual([
        0, 1, 2, 3, 4,
      ]);
      expect([
        tokenizer.padTokenId,
        tokenizer.unkTokenId,
        tokenizer.clsTokenId,
        tokenizer.sepTokenId,
      ]).toEqual([0, 1, 2, 3]);
      expect(tokenizer.maskTokenId).toBe(4);

      // Every training sentence, and every kept entry written as text, encodes without [UNK].
      const encoded = await tokenizer.encodeBatch(someSentences);
      expect(encoded.filter((e) => e.inputIds.includes(1))).toEqual([]);
      const entries = Object.keys(vocab).filter((t) => !t.startsWith("["));
      const asText = entries.map((t) => (t.startsWith("##") ? `a${t.slice(2)}` : t));
      const entryEncodings = await tokenizer.encodeBatch(asText);
      expect(asText.filter((_, i) => entryEncodings[i].inputIds.includes(1))).toEqual([]);
      // Words never seen, written with the training alphabet, too.
      const alphabet = entries.filter((t) => [...t].length === 1 && /\p{L}|\p{N}/u.test(t));
      const madeUp = Array.from({ length: 200 }, (_, i) =>
        Array.from({ length: 3 + (i % 9) }, (_, j) => alphabet[(i * 7 + j * 13) % alphabet.length]).join(""),
      ).join(" ");
      expect((await tokenizer.encode(madeUp)).inputIds).not.toContain(1);
    },
  );

  it("keeps case and accents with lowercase: false", async () => {
    const tokenizer = await PreTrainedTokenizer.train({
      texts: someSentences,
      model: "wordpiece",
      vocabSize: 400,
      lowercase: false,
    });
    const { tokens } = await tokenizer.encode("The Movie");
    expect(tokens[1]).toBe("The");
    expect(tokens.join(" ")).toMatch(/^\[CLS\] The M/);
  });
});

describe("byte-level bpe", () => {
  it.each([300, 1500])(
    "has exactly vocabSize %i entries over all 256 bytes, keeps only merges it can apply, and round-trips text",
    async (size) => {
      const tokenizer = await PreTrainedTokenizer.train({
        texts: someSentences,
        model: "bpe",
        vocabSize: size,
      });
      expect(tokenizer.vocabSize).toBe(size);
      expect(tokenizer.tokenToId("<|endoftext|>")).toBe(0);
      expect([
        tokenizer.bosTokenId,
        tokenizer.eosTokenId,
        tokenizer.unkTokenId,
        tokenizer.padTokenId,
      ]).toEqual([0, 0, 0, 0]);
      const json = JSON.parse(tokenizer.toTokenizerJson());
      const vocab: Record<string, number> = json.model.vocab;
      const byId = Object.entries(vocab)
        .sort(([, a], [, b]) => a - b)
        .map(([token]) => token);
      expect(byId).toHaveLength(size);
      const merges: [string, string][] = json.model.merges;
      expect(merges.length).toBeGreaterThan(0);
      expect(merges.filter(([a, b]) => !(a in vocab && b in vocab && a + b in vocab))).toEqual([]);
      // Every entry past the 257 of <|endoftext|> and the bytes is some merge's result.
      const produced = new Set(merges.map(([a, b]) => a + b));
      expect(byId.slice(257).filter((t) => !produced.has(t))).toEqual([]);

      const unseen = "Ünïcödé ✓ 😀 中文 \u0000\u0007 tabs\tand\nnewlines";
      for (const text of [...someSentences.slice(0, 300), unseen]) {
        const { inputIds } = await tokenizer.encode(text);
        expect(inputIds.every((id) => id > 0 && id < size)).toBe(true);
        expect(await tokenizer.decode(inputIds)).toBe(text);
      }
    },
  );
});

describe("bad options", () => {
  const cases: [string, object, RegExp][] = [
    [
      "unknown option",
      { texts: ["a"], model: "bpe", vocabSize: 300, vocab_size: 3 },
      /unknown train option "vocab_size"/,
    ],
    ["bad model", { texts: ["a"], model: "unigram", vocabSize: 300 }, /model must be "wordpiece" or "bpe"/],
    ["bad vocabSize", { texts: ["a"], model: "bpe", vocabSize: 2.5 }, /vocabSize must be a positive integer/],
    [
      "both sources",
      { texts: ["a"], files: ["x"], model: "bpe", vocabSize: 300 },
      /exactly one of the options files/,
    ],
    ["no source", { model: "bpe", vocabSize: 300 }, /exactly one of the options files/],
    [
      "missing file",
      { files: ["/no/such/corpus.txt"], model: "bpe", vocabSize: 300 },
      /\/no\/such\/corpus\.txt/,
    ],
    ["lowercase on bpe", { texts: ["a"], model: "bpe", vocabSize: 300, lowercase: true }, /wordpiece only/],
    ["text not a string", { texts: ["a", 3], model: "bpe", vocabSize: 300 }, /texts: item 1 is not a string/],
    [
      "below the alphabet",
      { texts: someSentences, model: "bpe", vocabSize: 100 },
      /vocabSize 100 is too small/,
    ],
  ];
  it("takes vocabSize as an upper bound, as HF's trainers: a tiny corpus gives all it learnt", async () => {
    const small = await PreTrainedTokenizer.train({
      texts: ["tiny corpus"],
      model: "wordpiece",
      vocabSize: 500,
    });
    expect(small.vocabSize).toBeLessThan(500);
    expect((await small.encode("tiny corpus")).tokens).not.toContain("[UNK]");
  });

  it.each(cases)("%s", async (_, options, message) => {
    const error = await PreTrainedTokenizer.train(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenizerError);
    expect((error as Error).message).toMatch(message);
  });
});
