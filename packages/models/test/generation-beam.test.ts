import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/generation/generate.js";
import {
  SCRIPT_EOS as EOS,
  SCRIPT_PAD as PAD,
  runScript,
  type Script,
  ScriptedModel,
  SCRIPT_VOCAB as VOCAB,
} from "./helpers/scripted-model.js";

/*
 * Beam search on scripted distributions, expectations worked out by hand from HF's rules (transformers ≥ 4.50,
 * generation/utils.py _beam_search):
 * - each step keeps the top K = max(2, 1 + #eos) · numBeams continuations of all beams by summed log-probability;
 * - the best numBeams of them that did not stop (eos, or reaching maxLength) run on;
 * - those that stopped AND are among the first numBeams of the K enter the finished set with score
 *   sum / (new tokens)^lengthPenalty; the finished set keeps the best numBeams;
 * - the loop ends when every candidate stopped, when (earlyStopping true) every finished slot is taken, or when no
 *   input can improve: best running score / L^lengthPenalty ≤ worst finished score, with L the current number of new
 *   tokens (earlyStopping false), or maxLength − prompt length ("never" with lengthPenalty > 0);
 * - returned rows have the length of the longest returned one, shorter ones filled with padTokenId.
 * Vocabulary 0…6, eos 5, pad 6, prompt [1]; ln values rounded to 3 decimals in the comments.
 */

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("length_penalty", () => {
  /*
   * Step 1 from [1]: 5 (ln .4 = −0.916), 2 (ln .3 = −1.204), 3 (ln .2 = −1.609), 0 (ln .025 = −3.689) are the K = 4.
   *   [1,5] stops and is among the first 2: finished with −0.916 / 1^lp = −0.916 (any lp). [1,2] and [1,3] run on.
   * Step 2: [1,2,5] = −1.204 + ln .9 = −1.309 and [1,3,5] = −1.714 are the first 2 of K and both stop.
   *   lp = 1: scores −1.309/2 = −0.655 and −0.857 beat −0.916: finished {[1,2,5], [1,3,5]}.
   *   lp = 0: scores −1.309 and −1.714: finished {[1,5] −0.916, [1,2,5] −1.309}.
   *   Then the best running beam (−1.204 + ln .02 = −5.116, divided by 2^lp) cannot beat the worst finished: stop.
   */
  const script: Script = (g) => (g.length === 0 ? { 5: 0.4, 2: 0.3, 3: 0.2 } : { 5: 0.9 });

  it("1 (HF's default) prefers the longer hypotheses", async () => {
    const { rows } = await runScript(script, {
      numBeams: 2,
      numReturnSequences: 2,
      maxNewTokens: 3,
      lengthPenalty: 1,
    });
    expect(rows).toEqual([
      [1, 2, 5],
      [1, 3, 5],
    ]);
  });

  it("0 ranks by summed log-probability, the short one first; shorter rows are padded", async () => {
    const { rows } = await runScript(script, {
      numBeams: 2,
      numReturnSequences: 2,
      maxNewTokens: 3,
      lengthPenalty: 0,
    });
    expect(rows).toEqual([
      [1, 5, PAD],
      [1, 2, 5],
    ]);
    const best = await runScript(script, { numBeams: 2, maxNewTokens: 3, lengthPenalty: 0 });
    expect(best.rows).toEqual([[1, 5]]);
  });

  it("fills with the eos token when padTokenId is 0 (torch reads `pad or eos`)", async () => {
    const { rows } = await runScript(script, {
      numBeams: 2,
      numReturnSequences: 2,
      maxNewTokens: 3,
      lengthPenalty: 0,
      padTokenId: 0,
    });
    expect(rows).toEqual([
      [1, 5, EOS],
      [1, 2, 5],
    ]);
  });
});

describe("early_stopping", () => {
  /*
   * numBeams 2, maxNewTokens 4 (maxLength 5), lengthPenalty 1.
   * Step 1: 5 (ln .5 = −0.693), 2 (−1.386), 3 (−1.609), 0: [1,5] finished with −0.693; [1,2], [1,3] run.
   * Step 2: [1,3,4] = −1.609 + ln .85 = −1.772, [1,2,5] = −1.386 + ln .5 = −2.079, [1,2,4] = −1.386 + ln .45 = −2.185,
   *   [1,3,5] = −1.609 + ln .1 = −3.912. [1,2,5] (2nd) finishes with −2.079/2 = −1.040; [1,3,5] (4th) may not.
   *   Finished {[1,5] −0.693, [1,2,5] −1.040}: both slots taken.
   *   true: stop here (2 decoding calls).
   *   false: best running −1.772/2 = −0.886 > −1.040: go on.  "never": −1.772/4 = −0.443 > −1.040: go on.
   * Step 3: [1,3,4,5] = −1.772 + ln .6 = −2.283, [1,2,4,5] = −2.185 + ln .9 = −2.290, [1,3,4,2] = −1.772 + ln .3 = −2.976.
   *   Both eos ones finish: −0.761 and −0.763; finished {[1,5] −0.693, [1,3,4,5] −0.761}.
   *   false: −2.976/3 = −0.992 ≤ −0.761: stop (3 calls).  "never": −2.976/4 = −0.744 > −0.761: go on.
   * Step 4 ("never"): every candidate reaches maxLength. [1,3,4,2,5] = −2.976 + ln .95 = −3.027 → −0.757 beats
   *   [1,3,4,5] −0.761: finished {[1,5], [1,3,4,2,5]} (4 calls).
   * In all three the best is [1,5]; the runner-up shows where the search stopped.
   */
  const script: Script = (g) => {
    const key = g.join(",");
    if (key === "") return { 5: 0.5, 2: 0.25, 3: 0.2 };
    if (key === "2") return { 5: 0.5, 4: 0.45 };
    if (key === "3") return { 5: 0.1, 4: 0.85 };
    if (key === "3,4") return { 5: 0.6, 2: 0.3 };
    if (key === "3,4,2") return { 5: 0.95 };
    return { 5: 0.9 };
  };
  const options = { numBeams: 2, numReturnSequences: 2, maxNewTokens: 4, lengthPenalty: 1 };

  it("true stops as soon as numBeams hypotheses are finished", async () => {
    const { rows, model } = await runScript(script, { ...options, earlyStopping: true });
    expect(rows).toEqual([
      [1, 5, PAD],
      [1, 2, 5],
    ]);
    expect(model.fedLengths).toHaveLength(2);
  });

  it("false stops when the heuristic says the running beams cannot improve", async () => {
    const { rows, model } = await runScript(script, { ...options, earlyStopping: false });
    expect(rows).toEqual([
      [1, 5, PAD, PAD],
      [1, 3, 4, 5],
    ]);
    expect(model.fedLengths).toHaveLength(3);
  });

  it('"never" assumes running beams reach maxLength and searches on', async () => {
    const { rows, model } = await runScript(script, { ...options, earlyStopping: "never" });
    expect(rows).toEqual([
      [1, 5, PAD, PAD, PAD],
      [1, 3, 4, 2, 5],
    ]);
    expect(model.fedLengths).toHaveLength(4);
  });

  it("returns only the best with numReturnSequences 1, and decodes one token per step after the prompt", async () => {
    const { rows, model } = await runScript(script, {
      ...options,
      numReturnSequences: 1,
      earlyStopping: "never",
    });
    expect(rows).toEqual([[1, 5]]);
    expect(model.fedLengths).toEqual([1, 1, 1, 1]);
  });
});

describe("eos handling", () => {
  /*
   * Two eos tokens (4 and 5): K = 3 · numBeams = 6. Step 1: 4 (ln .35 = −1.050), 5 (−1.204), 2 (−1.609), 3 (−2.303):
   * both eos rows are among the first 2 and finish; the best running beam −1.609/1 cannot beat −1.204: stop.
   */
  it("ends a hypothesis on any of several eos tokens", async () => {
    const script: Script = () => ({ 4: 0.35, 5: 0.3, 2: 0.2, 3: 0.1 });
    const model = new ScriptedModel(VOCAB, script);
    const out = await generate(
      model,
      { inputIds: [[1]] },
      { eosTokenId: [4, 5], numBeams: 2, numReturnSequences: 2, maxNewTokens: 5 },
    );
    expect(await out.array()).toEqual([
      [1, 4],
      [1, 5],
    ]);
    out.dispose();
  });

  /*
   * Every step prefers eos (ln .6) to 2 (ln .4): [1,5] finishes first. The running beams must then be the best
   * non-eos continuations ([1,2], then [1,2,2] …), which exist only because K > numBeams.
   * Step 1: finished {[1,5] −0.511}. Step 2: [1,2,5] = −0.916 − 0.511 = −1.427 → −0.714 < −0.511; finished
   * {[1,5], [1,2,5]}; running best [1,2,2] = −1.833, −1.833/2 = −0.916 ≤ −0.714: stop.
   */
  it("keeps numBeams running beams when the top candidates all end", async () => {
    const script: Script = () => ({ 5: 0.6, 2: 0.39 });
    const { rows } = await runScript(script, { numBeams: 2, numReturnSequences: 2, maxNewTokens: 5 });
    expect(rows).toEqual([
      [1, 5, PAD],
      [1, 2, 5],
    ]);
  });

  /*
   * Input [1] follows the script above and ends as [1,5]; input [2] prefers 3 twice, then eos: [2,3,3,5] with
   * (ln .9 · 3)/3 = −0.105, far ahead of any early eos (ln(.1/6) = −4.09). Rows share the longest returned length.
   */
  it("scores each input of a batch on its own", async () => {
    const script: Script = (g, { prompt }) =>
      prompt[0] === 1 ? { 5: 0.6, 2: 0.39 } : g.length < 2 ? { 3: 0.9 } : { 5: 0.9 };
    const { rows } = await runScript(script, { numBeams: 2, maxNewTokens: 5 }, [[1], [2]]);
    expect(rows).toEqual([
      [1, 5, PAD, PAD],
      [2, 3, 3, 5],
    ]);
  });
});

describe("no_repeat_ngram_size in beam search", () => {
  it("never returns a hypothesis with a repeated bigram", async () => {
    // Without the ban, every beam would cycle 2 3 2 3 …
    const script: Script = (g) => (g.at(-1) === 2 ? { 3: 0.7, 4: 0.2 } : { 2: 0.7, 4: 0.2 });
    const { rows } = await runScript(script, {
      numBeams: 3,
      numReturnSequences: 3,
      maxNewTokens: 7,
      noRepeatNgramSize: 2,
      eosTokenId: null,
    });
    for (const row of rows) {
      const bigrams = row.slice(1).map((token, i) => `${row[i]},${token}`);
      expect(new Set(bigrams).size).toBe(bigrams.length);
    }
    const free = await runScript(script, { numBeams: 3, maxNewTokens: 7, eosTokenId: null });
    expect(free.rows).toEqual([[1, 2, 3, 2, 3, 2, 3, 2]]);
  });
});
