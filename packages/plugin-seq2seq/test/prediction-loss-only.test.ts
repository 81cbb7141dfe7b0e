import { InMemoryDataset } from "@tfjs-trainer/core";
import type { HostTensor } from "@tfjs-trainer/data";
import * as models from "@tfjs-trainer/models";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import seq2seq from "../src/index.js";
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

const rows = copyTaskRows().eval.slice(0, 8);
const plugin = () => seq2seq({ predict_with_generate: true, generation_max_length: 12 });

async function referenceLoss(): Promise<number> {
  const model = await loadModel(TRAINED_BART);
  const metrics = await makeTrainer({ model, evalRows: rows, plugins: [] }).evaluate();
  model.dispose();
  return metrics.eval_loss;
}

describe("prediction_loss_only", () => {
  it("the argument: evaluate and predict only compute the loss, without generating", async () => {
    const model = await loadModel(TRAINED_BART);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows: rows,
      computeMetrics,
      args: { prediction_loss_only: true },
      plugins: [plugin()],
    });
    const metrics = await trainer.evaluate();
    const output = await trainer.predict(new InMemoryDataset(rows));
    expect(generate).not.toHaveBeenCalled();
    expect(calls).toHaveLength(0);
    expect(metrics.eval_loss).toBeCloseTo(await referenceLoss(), 6);
    expect(output.predictions).toBeUndefined();
    expect(output.label_ids).toBeUndefined();
    expect(output.metrics.test_loss).toBeCloseTo(metrics.eval_loss, 6);
    model.dispose();
  });

  it("evaluate() without compute_metrics is loss-only, as in HF: no generation", async () => {
    const model = await loadModel(TRAINED_BART);
    const trainer = makeTrainer({ model, evalRows: rows, plugins: [plugin()] });
    const metrics = await trainer.evaluate();
    expect(generate).not.toHaveBeenCalled();
    expect(Object.keys(metrics).filter((k) => !/_(runtime|per_second)$/.test(k))).toEqual(["eval_loss"]);
    model.dispose();
  });

  it("the -100 replacement alone does not make an evaluate() without compute_metrics generate", async () => {
    const model = await loadModel(TRAINED_BART);
    const trainer = makeTrainer({
      model,
      evalRows: rows,
      plugins: [seq2seq({ predict_with_generate: true, replaceIgnoreIndex: "both" })],
    });
    await trainer.evaluate();
    expect(generate).not.toHaveBeenCalled();
    model.dispose();
  });

  it("predict() without compute_metrics still generates (HF passes args.prediction_loss_only)", async () => {
    const model = await loadModel(TRAINED_BART);
    const trainer = makeTrainer({ model, plugins: [plugin()] });
    const output = await trainer.predict(new InMemoryDataset(rows));
    expect(generate).toHaveBeenCalledTimes(2);
    expect((output.predictions as HostTensor).dtype).toBe("int32");
    expect(output.metrics.test_loss).toBeCloseTo(await referenceLoss(), 6);
    model.dispose();
  });

  it("without predict_with_generate the step is the core's: logits, no generation", async () => {
    const model = await loadModel(TRAINED_BART);
    const { calls, computeMetrics } = recordingMetrics();
    const trainer = makeTrainer({
      model,
      evalRows: rows,
      computeMetrics,
      plugins: [seq2seq({ generation_max_length: 12 })],
    });
    await trainer.evaluate();
    expect(generate).not.toHaveBeenCalled();
    const predictions = calls[0].predictions as HostTensor;
    expect(predictions.dtype).toBe("float32");
    expect(predictions.shape).toEqual([rows.length, 8, 64]);
    model.dispose();
  });
});
