import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/generation/generate.js";
import {
  SCRIPT_EOS as EOS,
  SCRIPT_PAD as PAD,
  runScript,
  type Script,
  ScriptedModel,
} from "./helpers/scripted-model.js";

/* Vocabulary 0…6, eos 5, pad 6; each row takes its most probable token (the lowest id on a tie, as torch.argmax). */

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("greedy search", () => {
  it("pads a row that ended while others go on, and stops at maxNewTokens", async () => {
    const script: Script = (g, { prompt }) => (prompt[0] === 1 && g.length === 1 ? { 5: 0.9 } : { 2: 0.5 });
    const { rows, model } = await runScript(script, { maxNewTokens: 4 }, [
      [1, 1],
      [3, 3],
    ]);
    expect(rows).toEqual([
      [1, 1, 2, 5, PAD, PAD],
      [3, 3, 2, 2, 2, 2],
    ]);
    // The prompt once, then one token per step: the prefix is never fed again.
    expect(model.fedLengths).toEqual([2, 1, 1, 1]);
    // The mask grows by one attended position per step.
    expect(model.attentionMasks.map((mask) => mask[0].length)).toEqual([2, 3, 4, 5]);
  });

  it("stops early once every row produced an eos token", async () => {
    const { rows, model } = await runScript(() => ({ 5: 0.9 }), { maxNewTokens: 6 });
    expect(rows).toEqual([[1, 5]]);
    expect(model.fedLengths).toEqual([1]);
  });

  it("takes the lowest id on a tie, as torch.argmax", async () => {
    const { rows } = await runScript(() => ({ 3: 0.4, 2: 0.4 }), { maxNewTokens: 2 });
    expect(rows).toEqual([[1, 2, 2]]);
  });

  it("never stops on eos without an eos token", async () => {
    const { rows } = await runScript(() => ({ 5: 0.9 }), { maxNewTokens: 3, eosTokenId: null });
    expect(rows).toEqual([[1, 5, 5, 5]]);
  });
});

describe("logits processors", () => {
  // Without a ban, greedy search cycles 2 3 2 3 …; 4 is always the second choice.
  const cycle: Script = (g) => {
    const last = g.at(-1);
    if (last === 2) return { 3: 0.6, 4: 0.3 };
    if (last === 3) return { 2: 0.6, 4: 0.3 };
    if (last === 4) return { 2: 0.5, 3: 0.4 };
    return { 2: 0.6, 3: 0.3 };
  };

  it("no_repeat_ngram_size 2 bans the token that would repeat a bigram (prompt included)", async () => {
    /*
     * [1] → 2; [1,2] → 3; [1,2,3] → 2 (no bigram starts with 3 yet); [1,2,3,2]: (2,3) was seen, 3 banned → 4;
     * [1,2,3,2,4] → 2; [1,2,3,2,4,2]: (2,3) and (2,4) seen → 3 and 4 banned, the rest tie at .02 → 0.
     */
    const free = await runScript(cycle, { maxNewTokens: 6, eosTokenId: null });
    expect(free.rows).toEqual([[1, 2, 3, 2, 3, 2, 3]]);
    const banned = await runScript(cycle, { maxNewTokens: 6, eosTokenId: null, noRepeatNgramSize: 2 });
    expect(banned.rows).toEqual([[1, 2, 3, 2, 4, 2, 0]]);
  });

  it("no_repeat_ngram_size 3 looks at the last two tokens", async () => {
    // [1,2,3,2,3]: (2,3,2) was seen, so after (2,3) the 2 is banned → 4; then (3,4) is new → 2.
    const { rows } = await runScript(cycle, { maxNewTokens: 6, eosTokenId: null, noRepeatNgramSize: 3 });
    expect(rows).toEqual([[1, 2, 3, 2, 3, 4, 2]]);
  });

  it("repetition_penalty makes tokens already in the row less likely", async () => {
    /*
     * The logits are logs of probabilities, all negative, so seen tokens get multiplied by the penalty 3.
     * Prompt [2]: 2 → 3·ln .6 = −1.53 < ln .35 = −1.05, so 3. Then both are seen: 2 → −1.53 beats 3 → −3.15
     * and the unseen rest (ln .01 = −4.61), so 2, and 2 again.
     */
    const script: Script = () => ({ 2: 0.6, 3: 0.35 });
    const { rows } = await runScript(script, { maxNewTokens: 3, eosTokenId: null, repetitionPenalty: 3 }, [
      [2],
    ]);
    expect(rows).toEqual([[2, 3, 2, 2]]);
  });

  it("min_new_tokens / min_length ban eos until the row is long enough", async () => {
    const script: Script = () => ({ 5: 0.6, 2: 0.3 });
    expect((await runScript(script, { maxNewTokens: 6, minNewTokens: 3 })).rows).toEqual([[1, 2, 2, 2, 5]]);
    expect((await runScript(script, { maxNewTokens: 6, minLength: 3 })).rows).toEqual([[1, 2, 2, 5]]);
  });

  it("forced_eos_token_id ends rows that reach maxLength − 1; forced_bos_token_id sets the first new token", async () => {
    const script: Script = () => ({ 2: 0.6, 3: 0.3 });
    expect((await runScript(script, { maxNewTokens: 4, forcedEosTokenId: EOS })).rows).toEqual([
      [1, 2, 2, 2, 5],
    ]);
    expect((await runScript(script, { maxNewTokens: 2, forcedBosTokenId: 4 })).rows).toEqual([[1, 4, 2]]);
  });
});

describe("encoder-decoder models", () => {
  // Copies the source's first token twice, then ends.
  const copy: Script = (g, { source }) => (g.length < 2 ? { [source![0]]: 0.7 } : { 5: 0.8 });

  it("encodes once and decodes from the start token (greedy and beam)", async () => {
    const model = new ScriptedModel(7, copy, { decoder_start_token_id: 0 }, true);
    const greedy = await runScript(
      copy,
      { maxNewTokens: 5 },
      [
        [2, 3],
        [4, 4],
      ],
      model,
    );
    expect(greedy.rows).toEqual([
      [0, 2, 2, 5],
      [0, 4, 4, 5],
    ]);
    expect(model.encodeCalls).toBe(1);
    // The decoder sees the start token first, then one token per step.
    expect(model.fedLengths).toEqual([1, 1, 1]);
    const beam = await runScript(
      copy,
      { maxNewTokens: 5, numBeams: 2 },
      [
        [2, 3],
        [4, 4],
      ],
      model,
    );
    expect(beam.rows).toEqual(greedy.rows);
    // Beam search encodes each input once too, then repeats the encoder state for its beams.
    expect(model.encodeCalls).toBe(2);
  });

  it("takes the start token from the model's config and counts maxLength from it", async () => {
    const model = new ScriptedModel(
      7,
      () => ({ 3: 0.9 }),
      { decoder_start_token_id: 1, eos_token_id: 5 },
      true,
    );
    const out = await generate(model, { inputIds: [[2, 2, 2]] }, { maxLength: 4 });
    expect(await out.array()).toEqual([[1, 3, 3, 3]]);
    out.dispose();
  });
});
