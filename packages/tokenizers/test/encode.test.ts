import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  charSpanToUtf16,
  cleanUpTokenization,
  type Encoding,
  PreTrainedTokenizer,
  TokenizerError,
} from "../src/index";
import { fixturesDir } from "./helpers";

let wordpiece: PreTrainedTokenizer;
let bpe: PreTrainedTokenizer;
beforeAll(async () => {
  wordpiece = await PreTrainedTokenizer.fromPretrained(join(fixturesDir, "wordpiece"));
  bpe = await PreTrainedTokenizer.fromPretrained(join(fixturesDir, "bpe"));
});

const longText = "the food was good and the service was slow but friendly and the place was clean ".repeat(
  20,
);

async function encodeError(run: () => Promise<unknown>): Promise<string> {
  const error = await run().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TokenizerError);
  return (error as Error).message;
}

describe("options", () => {
  it("truncation and padding default to modelMaxLength (128 in tokenizer_config.json)", async () => {
    const truncated = await wordpiece.encode(longText, undefined, { truncation: true });
    expect(truncated.inputIds).toHaveLength(128);
    const padded = await wordpiece.encode("short", undefined, { padding: "max_length" });
    expect(padded.inputIds).toHaveLength(128);
    expect(padded.attentionMask.filter((m) => m === 1)).toHaveLength(3);
    expect(padded.inputIds.slice(3)).toEqual(new Array(125).fill(wordpiece.padTokenId));
    expect(padded.wordIds.slice(3)).toEqual(new Array(125).fill(null));
  });

  it("windows overlap by stride and are dropped without returnOverflowing", async () => {
    const options = { truncation: true, maxLength: 16, stride: 4 } as const;
    const all = await wordpiece.encode(longText, undefined, { ...options, returnOverflowing: true });
    expect(all.overflowing.length).toBeGreaterThan(3);
    const [first, second] = [all, all.overflowing[0]];
    // 14 content tokens a window; the second starts 14 - 4 = 10 tokens into the text.
    expect(second.inputIds.slice(1, 5)).toEqual(first.inputIds.slice(11, 15));
    expect(all.overflowing.every((window) => window.overflowing.length === 0)).toBe(true);
    const firstOnly = await wordpiece.encode(longText, undefined, options);
    expect(firstOnly.overflowing).toEqual([]);
    expect(firstOnly.inputIds).toEqual(all.inputIds);
  });

  it.each([
    [{ max_length: 8 }, /unknown encode option "max_length"/],
    [{ truncation: "yes" }, /truncation must be true, false, "longest_first"/],
    [{ padding: "longest" }, /padding must be false or "max_length"/],
    [{ maxLength: 0, truncation: true }, /maxLength must be an integer ≥ 1/],
    [{ stride: -1 }, /stride must be an integer ≥ 0/],
    [{ addSpecialTokens: "no" }, /addSpecialTokens must be a boolean/],
  ])("%j is refused, naming the option", async (options, message) => {
    expect(await encodeError(() => wordpiece.encode("text", undefined, options as never))).toMatch(message);
  });

  it("padding needs a pad token; truncation without modelMaxLength needs maxLength", async () => {
    const bare = await PreTrainedTokenizer.fromPretrained(join(fixturesDir, "bpe", "tokenizer.json"));
    expect(
      await encodeError(() => bare.encode("x", undefined, { padding: "max_length", maxLength: 4 })),
    ).toMatch(/needs a pad token/);
    expect(await encodeError(() => bare.encode("x", undefined, { truncation: true }))).toMatch(
      /truncation needs maxLength: this tokenizer has no modelMaxLength/,
    );
  });

  it("a stride the Rust library would abort the process on is a clear error instead", async () => {
    // maxLength 8 leaves the pair 8 - 3 specials - 5 question tokens = 0… here 2 tokens, and stride 4 ≥ 2.
    const message = await encodeError(() =>
      wordpiece.encode("one two three", longText, { truncation: "only_second", maxLength: 8, stride: 4 }),
    );
    expect(message).toMatch(/stride 4 must be smaller than the 2 tokens truncation keeps of the pair/);
    expect(
      await encodeError(() =>
        wordpiece.encode(longText, undefined, { truncation: true, maxLength: 6, stride: 4 }),
      ),
    ).toMatch(/stride 4 must be smaller than the 4 tokens truncation keeps of the text/);
    expect(
      await encodeError(() =>
        wordpiece.encodeWords(longText.split(" "), { truncation: true, maxLength: 5, stride: 3 }),
      ),
    ).toMatch(/stride 3 must be smaller than the 3 tokens/);
    expect(await encodeError(() => wordpiece.encode("a", "b", { truncation: true, maxLength: 2 }))).toMatch(
      /maxLength 2 is smaller than the 3 special tokens/,
    );
    // The library's own refusal (the question alone is longer than maxLength) comes back as a TokenizerError too.
    expect(
      await encodeError(() =>
        wordpiece.encode(longText, "a b", { truncation: "only_second", maxLength: 10 }),
      ),
    ).toMatch(/Sequence to truncate too short/);
  });
});

describe("encoding", () => {
  it("concurrent calls with different settings each get their own (settings live in separate Rust tokenizers)", async () => {
    const settings = [
      undefined,
      { truncation: true, maxLength: 10 },
      { padding: "max_length", maxLength: 200 },
      { truncation: true, maxLength: 20, stride: 5, returnOverflowing: true },
    ] as const;
    const oneByOne: Encoding[] = [];
    for (const options of settings) oneByOne.push(await wordpiece.encode(longText, undefined, options));
    const together = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        wordpiece.encode(longText, undefined, settings[i % settings.length]),
      ),
    );
    for (const [i, encoding] of together.entries()) expect(encoding).toEqual(oneByOne[i % settings.length]);
  });

  it("encodeBatch mixes texts and pairs and matches encode", async () => {
    const batch: (string | [string, string])[] = ["first text", ["a question?", "its context."], "third"];
    const expected = [
      await bpe.encode("first text"),
      await bpe.encode("a question?", "its context."),
      await bpe.encode("third"),
    ];
    expect(await bpe.encodeBatch(batch)).toEqual(expected);
    expect(await encodeError(() => bpe.encodeBatch(["ok", 3 as never]))).toMatch(
      /texts\[1\] is neither a string/,
    );
  });

  it("offsets count code points as Python does; charSpanToUtf16 turns them into slice positions", async () => {
    const text = "Good 😀 food, great 😀 service";
    const { tokens, offsets } = await wordpiece.encode(text);
    const service = tokens.indexOf("service");
    expect(offsets[service]).toEqual([21, 28]);
    expect(text.slice(...charSpanToUtf16(text, offsets[service]))).toBe("service");
    expect(text.slice(...offsets[service])).not.toBe("service");
    expect(charSpanToUtf16("plain", [1, 3])).toEqual([1, 3]);
  });

  it("rejects what is not text, naming the argument", async () => {
    expect(await encodeError(() => wordpiece.encode(42 as never))).toMatch(/text must be a string/);
    expect(await encodeError(() => wordpiece.encode("a", { truncation: true } as never))).toMatch(
      /pair \(options go third/,
    );
    expect(await encodeError(() => wordpiece.encodeWords(["a", null as never]))).toMatch(
      /words\[1\] is not a string/,
    );
  });
});

describe("decoding", () => {
  it("rejects ids that are not non-negative integers", async () => {
    expect(await encodeError(() => wordpiece.decode([1, -2]))).toMatch(
      /ids must be an array of non-negative/,
    );
    expect(await encodeError(() => wordpiece.decodeBatch([[1], [0.5]]))).toMatch(/batch\[1\]/);
  });

  it("applies HF's clean_up_tokenization when tokenizer_config.json asks for it, never after a BPE model", async () => {
    const tokenizerJson = await readFile(join(fixturesDir, "wordpiece", "tokenizer.json"), "utf8");
    const cleaning = PreTrainedTokenizer.fromTokenizerJson(tokenizerJson, {
      tokenizerConfig: { clean_up_tokenization_spaces: true },
    });
    const { inputIds } = await cleaning.encode("it's good , isn't it ?", undefined, {
      addSpecialTokens: false,
    });
    expect(await wordpiece.decode(inputIds)).toBe("it ' s good, isn ' t it?");
    expect(await cleaning.decode(inputIds)).toBe("it's good, isn't it?");
    const bpeJson = await readFile(join(fixturesDir, "bpe", "tokenizer.json"), "utf8");
    const bpeCleaning = PreTrainedTokenizer.fromTokenizerJson(bpeJson, {
      tokenizerConfig: { clean_up_tokenization_spaces: true },
    });
    const ids = (await bpe.encode("Wait . What ?")).inputIds;
    expect(await bpeCleaning.decode(ids)).toBe("Wait . What ?");
    expect(cleanUpTokenization("do n't , they 're here .")).toBe("don't, they're here.");
  });
});
