import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { generate } from "../src/generation/generate.js";
import {
  generationConfigFromModelConfig,
  loadGenerationConfig,
} from "../src/generation/generation-config.js";
import { generateOptionsFromHF } from "../src/generation/hf-kwargs.js";
import type { GenerateOptions } from "../src/generation/options.js";
import { withTempDir } from "./helpers/fixtures.js";
import { generatedRows, ScriptedModel } from "./helpers/scripted-model.js";

const always2 = () => ({ 2: 0.9 });

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("HF keyword arguments", () => {
  it("map to options", () => {
    expect(
      generateOptionsFromHF({
        do_sample: false,
        num_beams: 3,
        max_new_tokens: 10,
        length_penalty: 1.0,
        early_stopping: "never",
        no_repeat_ngram_size: 2,
        eos_token_id: [1, 2],
        use_cache: true,
      }),
    ).toEqual({
      doSample: false,
      numBeams: 3,
      maxNewTokens: 10,
      lengthPenalty: 1,
      earlyStopping: "never",
      noRepeatNgramSize: 2,
      eosTokenId: [1, 2],
    });
  });

  it("fail loudly on what is not implemented", () => {
    expect(() => generateOptionsFromHF({ top_k: 5 })).toThrow(/"top_k" is not supported/);
    expect(() => generateOptionsFromHF({ num_beam_groups: 2 })).toThrow(/num_beam_groups/);
    expect(() => generateOptionsFromHF({ do_sample: true })).toThrow(/sampling/);
  });
});

describe("options and the model's generation config", () => {
  it("reject unknown option names and impossible combinations", async () => {
    const model = new ScriptedModel(5, always2);
    await expect(generatedRows(model, [[1]], { maxNewToken: 3 } as GenerateOptions)).rejects.toThrow(
      /unknown option\(s\) maxNewToken/,
    );
    await expect(generatedRows(model, [[1]], { numReturnSequences: 2 })).rejects.toThrow(/greedy/);
    await expect(generatedRows(model, [[1]], { numBeams: 2, numReturnSequences: 3 })).rejects.toThrow(
      /at most numBeams/,
    );
    await expect(generatedRows(model, [[1, 1, 1]], { maxLength: 3 })).rejects.toThrow(/maxNewTokens/);
    await expect(
      generatedRows(model, [[1]], { earlyStopping: "sometimes" as never, numBeams: 2 }),
    ).rejects.toThrow(/earlyStopping/);
  });

  it("default to 20 new tokens, no more than the model has positions for", async () => {
    expect((await generatedRows(new ScriptedModel(5, always2), [[1]]))[0]).toHaveLength(21);
    expect((await generatedRows(new ScriptedModel(5, always2, { n_positions: 6 }), [[1]]))[0]).toHaveLength(
      6,
    );
    expect(
      (await generatedRows(new ScriptedModel(5, always2, { max_position_embeddings: 4 }), [[1, 1]]))[0],
    ).toHaveLength(4);
  });

  it("take the generation config's values unless an option overrides them", async () => {
    const generation = { max_length: 4, eos_token_id: 2, pad_token_id: 0 };
    const model = new ScriptedModel(5, () => ({ 3: 0.5, 2: 0.4 }), {}, false, generation);
    // max_length 4 is a total length (not 20, HF's default, which would mean 20 new tokens).
    expect(await generatedRows(model, [[1]])).toEqual([[1, 3, 3, 3]]);
    expect(await generatedRows(model, [[1]], { maxNewTokens: 1 })).toEqual([[1, 3]]);
    expect(await generatedRows(model, [[1]], { minLength: 0, eosTokenId: 3 })).toEqual([[1, 3]]);
    // maxNewTokens from the config wins over an explicit maxLength, as in HF.
    const withNew = new ScriptedModel(5, always2, {}, false, { max_new_tokens: 2 });
    expect(await generatedRows(withNew, [[1]], { maxLength: 10 })).toEqual([[1, 2, 2]]);
  });

  it("fall back to config.json's generation fields without a generation config", async () => {
    const model = new ScriptedModel(5, () => ({ 3: 0.9 }), { eos_token_id: 3, num_beams: 2, n_positions: 8 });
    expect(await generatedRows(model, [[1]])).toEqual([[1, 3]]);
    expect(generationConfigFromModelConfig({ eos_token_id: 3, pad_token_id: null, vocab_size: 9 })).toEqual({
      _from_model_config: true,
      eos_token_id: 3,
    });
  });

  it("fail on generation config fields that would change the output and are not implemented", async () => {
    const sampling = new ScriptedModel(5, always2, {}, false, { do_sample: true, max_new_tokens: 2 });
    await expect(generatedRows(sampling, [[1]])).rejects.toThrow(/sampling/);
    // Explicit greedy decoding is allowed (sampling-only fields are then irrelevant).
    expect(await generatedRows(sampling, [[1]], { doSample: false })).toEqual([[1, 2, 2]]);
    const badWords = new ScriptedModel(5, always2, {}, false, { bad_words_ids: [[2]] });
    await expect(generatedRows(badWords, [[1]])).rejects.toThrow(/bad_words_ids/);
    const harmless = new ScriptedModel(5, always2, {}, false, {
      bad_words_ids: null,
      renormalize_logits: false,
      max_new_tokens: 1,
    });
    expect(await generatedRows(harmless, [[1]])).toEqual([[1, 2]]);
  });

  it("pad with the eos token by default", async () => {
    const model = new ScriptedModel(5, (_generated, { prompt }) =>
      prompt[0] === 1 ? { 4: 0.9 } : { 2: 0.9 },
    );
    expect(await generatedRows(model, [[1], [3]], { eosTokenId: 4, maxNewTokens: 3 })).toEqual([
      [1, 4, 4, 4],
      [3, 2, 2, 2],
    ]);
  });

  it("infer the attention mask from padding only when the pad token is not an eos token", async () => {
    const model = new ScriptedModel(5, always2);
    await generatedRows(model, [[0, 1, 1]], { padTokenId: 0, eosTokenId: 4, maxNewTokens: 1 });
    expect(model.attentionMasks[0]).toEqual([[0, 1, 1]]);
    await generatedRows(model, [[0, 1, 1]], { padTokenId: 0, eosTokenId: 0, maxNewTokens: 1 });
    expect(model.attentionMasks[1]).toEqual([[1, 1, 1]]);
    await generatedRows(model, [[0, 1, 1]], { padTokenId: 0, eosTokenId: 4, maxNewTokens: 1 });
    const given = await generate(
      model,
      { inputIds: [[0, 1, 1]], attentionMask: [[1, 1, 0]] },
      { maxNewTokens: 1 },
    );
    given.dispose();
    expect(model.attentionMasks[3]).toEqual([[1, 1, 0]]);
  });
});

describe("generation_config.json", () => {
  it("is read when present, else derived from config.json", async () => {
    await withTempDir("generation-config-", async (dir) => {
      expect(await loadGenerationConfig(dir, { eos_token_id: 7, decoder_start_token_id: 0 })).toEqual({
        _from_model_config: true,
        eos_token_id: 7,
        decoder_start_token_id: 0,
      });
      await writeFile(join(dir, "generation_config.json"), JSON.stringify({ num_beams: 4, eos_token_id: 2 }));
      expect(await loadGenerationConfig(dir, { eos_token_id: 7 })).toEqual({ num_beams: 4, eos_token_id: 2 });
    });
  });
});
