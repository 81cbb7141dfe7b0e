import { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { describe, expect, it } from "vitest";
import { encodePairs } from "../../src/tasks/seq2seq/encode-pairs.js";
import { specialIds } from "../../src/tasks/seq2seq/special-tokens.js";

const TEXTS = [
  "Robinson answered warily, and Robinson left.",
  "Robinson",
  "The jury praised Atlanta and Fulton County.",
  "Atlanta Fulton County",
];

describe("seq2seq pairs (run_summarization's preprocess_function)", () => {
  it("ends every target with eos, truncates to the limits and leaves test rows without labels", async () => {
    const tokenizer = await PreTrainedTokenizer.train({ model: "bpe", vocabSize: 300, texts: TEXTS });
    const ids = specialIds(tokenizer, "summarization");
    const limits = { prefix: "", addPrefixSpace: false, maxSourceLength: 6, maxTargetLength: 3 };
    const [long, unlabelled] = await encodePairs(
      [{ source: TEXTS[2], target: TEXTS[3] }, { source: TEXTS[0] }],
      tokenizer,
      ids,
      limits,
    );
    expect((long.input_ids as number[]).length).toBe(6);
    expect(long.labels).toHaveLength(3);
    expect((long.labels as number[]).at(-1)).toBe(ids.eos);
    expect(unlabelled.labels).toBeUndefined();
  });

  it("with add_prefix_space, a target's first word is the same token as that word inside the source", async () => {
    const tokenizer = await PreTrainedTokenizer.train({ model: "bpe", vocabSize: 300, texts: TEXTS });
    const ids = specialIds(tokenizer, "summarization");
    const encode = (addPrefixSpace: boolean) =>
      encodePairs([{ source: "They met Robinson.", target: "Robinson" }], tokenizer, ids, {
        prefix: "",
        addPrefixSpace,
        maxSourceLength: 64,
        maxTargetLength: 64,
      });
    const inSource = (await tokenizer.encode(" Robinson")).inputIds;
    const [plain] = await encode(false);
    const [spaced] = await encode(true);
    const firstTokens = (feature: { labels?: unknown }) =>
      (feature.labels as number[]).slice(0, inSource.length);
    expect(firstTokens(spaced)).toEqual(inSource);
    expect(firstTokens(plain)).not.toEqual(inSource);
    // the space is not part of the text the metrics see
    expect((await tokenizer.decode(spaced.labels as number[], { skipSpecialTokens: true })).trim()).toBe(
      "Robinson",
    );
  });
});
