import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { readSafetensorsFile } from "@tfjs-trainer/safetensors";
import { beforeAll, describe, expect, it } from "vitest";
import { fromPretrained } from "../src/common/pretrained-model.js";
import type { GPT2Model } from "../src/gpt2/base-model.js";
import { GPT2LMHeadModel } from "../src/gpt2/lm-head-model.js";
import { expectSameSafetensors, failOnWarning, referencePath, suiteTempDir } from "./helpers/fixtures.js";
import { loadReferenceGpt2 } from "./helpers/gpt2.js";
import { ids } from "./helpers/tensors.js";

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const x = new Uint32Array(Float32Array.from(a).buffer);
  const y = new Uint32Array(Float32Array.from(b).buffer);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe("GPT-2 save and load (HF format)", () => {
  const dir = suiteTempDir("gpt2-");
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  it("writes HF's tensors bit for bit, the tied lm_head.weight once (not at all), and loads them back", async () => {
    const model = await loadReferenceGpt2();
    expect(model.weight("lm_head.weight")).toBe(model.weight("transformer.wte.weight"));
    const saved = join(dir(), "roundtrip");
    await model.savePretrained(saved);
    await expectSameSafetensors(
      join(saved, "model.safetensors"),
      referencePath("models/gpt2/model.safetensors"),
    );
    const written = await readSafetensorsFile(join(saved, "model.safetensors"));
    expect(written.tensors.has("lm_head.weight")).toBe(false);
    expect(written.metadata).toEqual({ format: "pt" });
    const config = JSON.parse(await readFile(join(saved, "config.json"), "utf8"));
    expect(config.architectures).toEqual(["GPT2LMHeadModel"]);
    expect(config.n_embd).toBe(32);
    const generation = JSON.parse(await readFile(join(saved, "generation_config.json"), "utf8"));
    expect(generation).toMatchObject({ bos_token_id: 1, eos_token_id: 2, pad_token_id: 0 });

    const again = await fromPretrained<GPT2LMHeadModel>(saved, { warn: failOnWarning });
    expect(again).toBeInstanceOf(GPT2LMHeadModel);
    const input = { input_ids: ids([[5, 6, 7, 8]]) };
    const a = model.forward(input, { training: false }).logits!;
    const b = again.forward(input, { training: false }).logits!;
    expect(sameBits(a.dataSync(), b.dataSync())).toBe(true);
    tf.dispose([input.input_ids, a, b]);
    model.dispose();
    again.dispose();
  });

  it("an untied head is its own weight, saved as lm_head.weight", async () => {
    const model = new GPT2LMHeadModel({
      vocab_size: 20,
      n_positions: 8,
      n_embd: 8,
      n_layer: 1,
      n_head: 2,
      tie_word_embeddings: false,
    });
    expect(model.weight("lm_head.weight")).not.toBe(model.weight("transformer.wte.weight"));
    const saved = join(dir(), "untied");
    await model.savePretrained(saved);
    const written = await readSafetensorsFile(join(saved, "model.safetensors"));
    expect(written.tensors.get("lm_head.weight")?.shape).toEqual([20, 8]);
    const again = await fromPretrained<GPT2LMHeadModel>(saved, { warn: failOnWarning });
    expect(
      sameBits(again.weight("lm_head.weight").dataSync(), model.weight("lm_head.weight").dataSync()),
    ).toBe(true);
    model.dispose();
    again.dispose();
  });

  it("GPT2Model loads the LM checkpoint's transformer, saves it without the prefix, and the head loads that back", async () => {
    const warnings: string[] = [];
    const base = await fromPretrained<GPT2Model>(referencePath("models/gpt2"), {
      architecture: "GPT2Model",
      warn: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([]);
    const head = await loadReferenceGpt2();
    const input = { input_ids: ids([[5, 6, 7, 8]]), attention_mask: ids([[1, 1, 1, 0]]) };
    const hidden = base.forward(input, { training: false }).last_hidden_state!;
    expect(hidden.shape).toEqual([1, 4, 32]);
    // The head's logits are the hidden states times the tied word embeddings.
    const logits = head.forward(input, { training: false }).logits!;
    const gap = tf.tidy(() => {
      const projected = tf.matMul(
        hidden.reshape([4, 32]),
        head.weight("transformer.wte.weight"),
        false,
        true,
      );
      return tf.max(tf.abs(tf.sub(projected, logits.reshape([4, -1])))).dataSync()[0];
    });
    expect(gap).toBeLessThan(1e-5);

    const saved = join(dir(), "base");
    await base.savePretrained(saved);
    const written = await readSafetensorsFile(join(saved, "model.safetensors"));
    expect(written.tensors.has("wte.weight")).toBe(true);
    expect([...written.tensors.keys()].some((name) => name.startsWith("transformer."))).toBe(false);
    const reloaded = await fromPretrained<GPT2LMHeadModel>(saved, {
      architecture: "GPT2LMHeadModel",
      warn: failOnWarning,
    });
    const again = reloaded.forward(input, { training: false }).logits!;
    expect(sameBits(again.dataSync(), logits.dataSync())).toBe(true);
    tf.dispose([...Object.values(input), hidden, logits, again]);
    base.dispose();
    head.dispose();
    reloaded.dispose();
  });
});
