import { InMemoryDataset } from "@tfjs-trainer/core";
import * as models from "@tfjs-trainer/models";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import seq2seq, {
  evaluateWithGeneration,
  mergeGenerationKwargs,
  predictWithGeneration,
  withGenerationKwargs,
} from "../src/index.js";
import { copyTaskRows, loadModel, makeTrainer, recordingMetrics, TRAINED_BART, useCpu } from "./helpers.js";

vi.mock("@tfjs-trainer/models", async (importOriginal) => {
  const original = await importOriginal<typeof import("@tfjs-trainer/models")>();
  return { ...original, generate: vi.fn(original.generate) };
});

beforeAll(useCpu);

const generate = vi.mocked(models.generate);
beforeEach(() => {
  generate.mockClear();
});

const { train: trainRows, eval: evalRows } = copyTaskRows();
const ARGUMENTS = { generation_max_length: 12, generation_num_beams: 2 };
/** The generate() options of each call since the last check. */
const optionsSeen = () => generate.mock.calls.map((call) => call[2]);

async function trainerWith(args: Record<string, unknown> = {}) {
  const model = await loadModel(TRAINED_BART);
  return makeTrainer({
    model,
    evalRows: evalRows.slice(0, 4),
    trainRows: trainRows.slice(0, 8),
    computeMetrics: recordingMetrics().computeMetrics,
    args: { eval_strategy: "epoch", num_train_epochs: 2, learning_rate: 1e-4, ...args },
    plugins: [defaultFlow, seq2seq({ predict_with_generate: true, ...ARGUMENTS })],
  });
}

describe("HF's merge of call kwargs and arguments (Seq2SeqTrainer.evaluate)", () => {
  it("the call's values win; the arguments fill max_length and num_beams the call leaves unset", () => {
    expect(mergeGenerationKwargs({}, ARGUMENTS)).toEqual({ max_length: 12, num_beams: 2 });
    expect(mergeGenerationKwargs({ max_length: 5, num_beams: 1 }, ARGUMENTS)).toEqual({
      max_length: 5,
      num_beams: 1,
    });
    expect(mergeGenerationKwargs({ no_repeat_ngram_size: 2 }, ARGUMENTS)).toEqual({
      no_repeat_ngram_size: 2,
      max_length: 12,
      num_beams: 2,
    });
  });

  it("max_new_tokens in the call keeps generation_max_length out", () => {
    expect(mergeGenerationKwargs({ max_new_tokens: 4 }, ARGUMENTS)).toEqual({
      max_new_tokens: 4,
      num_beams: 2,
    });
  });

  it("null values are filled or dropped, synced_gpus is dropped", () => {
    expect(mergeGenerationKwargs({ max_length: null, num_beams: null }, ARGUMENTS)).toEqual({
      max_length: 12,
      num_beams: 2,
    });
    const none = { generation_max_length: null, generation_num_beams: null };
    expect(mergeGenerationKwargs({ max_length: null, num_beams: null, synced_gpus: false }, none)).toEqual(
      {},
    );
  });
});

describe("generation kwargs reaching generate()", () => {
  it("standalone evaluate: the arguments, or the call's kwargs over them", async () => {
    const trainer = await trainerWith();
    await trainer.evaluate();
    expect(optionsSeen()).toEqual([{ maxLength: 12, numBeams: 2 }]);
    generate.mockClear();
    await withGenerationKwargs(trainer, { max_length: 5 }, () => trainer.evaluate());
    expect(optionsSeen()).toEqual([{ maxLength: 5, numBeams: 2 }]);
    generate.mockClear();
    await evaluateWithGeneration(trainer, { max_new_tokens: 3, num_beams: 1 });
    expect(optionsSeen()).toEqual([{ maxNewTokens: 3, numBeams: 1 }]);
    generate.mockClear();
    await trainer.evaluate(); // the kwargs of a call do not outlive it
    expect(optionsSeen()).toEqual([{ maxLength: 12, numBeams: 2 }]);
  });

  it("predict: the call's kwargs over the arguments", async () => {
    const trainer = await trainerWith();
    await predictWithGeneration(trainer, new InMemoryDataset(evalRows.slice(0, 4)), { num_beams: 1 });
    expect(optionsSeen()).toEqual([{ maxLength: 12, numBeams: 1 }]);
  });

  it("during train() the arguments apply, even inside withGenerationKwargs; after it the call's kwargs again", async () => {
    const trainer = await trainerWith();
    await withGenerationKwargs(trainer, { max_length: 5, num_beams: 1 }, async () => {
      await trainer.train();
      expect(optionsSeen()).toEqual([
        { maxLength: 12, numBeams: 2 },
        { maxLength: 12, numBeams: 2 },
      ]);
      generate.mockClear();
      await trainer.evaluate();
      expect(optionsSeen()).toEqual([{ maxLength: 5, numBeams: 1 }]);
    });
  });

  it("kwargs generate() does not implement fail, naming them", async () => {
    const trainer = await trainerWith();
    await expect(evaluateWithGeneration(trainer, { do_sample: true })).rejects.toThrow(/do_sample/);
    await expect(evaluateWithGeneration(trainer, { top_q: 3 })).rejects.toThrow(/top_q/);
  });

  it("withGenerationKwargs on a trainer without the plugin says so", async () => {
    const model = await loadModel(TRAINED_BART);
    const trainer = makeTrainer({ model, plugins: [] });
    await expect(withGenerationKwargs(trainer, {}, () => trainer.evaluate())).rejects.toThrow(
      /no seq2seq plugin/,
    );
  });
});
