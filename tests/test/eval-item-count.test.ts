import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, Trainer } from "@tfjs-trainer/core";
import { DataCollatorForSeq2Seq, type Feature, toTensor } from "@tfjs-trainer/data";
import { fromPretrained } from "@tfjs-trainer/models";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers/make-trainer.js";

const GPT2 = fileURLToPath(new URL("../../fixtures/hf-reference/models/gpt2", import.meta.url));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("evaluation loss of a model that takes the item count", () => {
  it("divides each batch's summed loss by that batch's labels != -100 (before the causal shift), as HF 5.x", async () => {
    const model = await fromPretrained(GPT2, { warn: () => {} });
    const rows: Feature[] = [
      { input_ids: [5, 6, 7, 8, 9, 10], labels: [5, 6, 7, 8, 9, 10] },
      { input_ids: [11, 12, 13], labels: [11, 12, 13] },
      { input_ids: [14, 15, 16, 17], labels: [14, 15, 16, 17] },
    ];
    const collate = DataCollatorForSeq2Seq({ padTokenId: 0 });
    // expected: per batch, loss with numItemsInBatch = that batch's label count; then the mean over examples
    let weighted = 0;
    for (const batch of [rows.slice(0, 2), rows.slice(2)]) {
      const host = collate(batch);
      const items = Array.from(host.labels.data).filter((v) => v !== -100).length;
      const inputs = Object.fromEntries(Object.entries(host).map(([k, v]) => [k, toTensor(v)]));
      const out = model.forward(inputs, { training: false, numItemsInBatch: items });
      weighted += out.loss!.dataSync()[0] * batch.length;
      tf.dispose([...Object.values(inputs), ...Object.values(out).filter((t): t is tf.Tensor => !!t)]);
    }
    const trainer = new Trainer({
      model,
      args: { output_dir: tempDir("eval-items-"), per_device_eval_batch_size: 2, backend: "cpu" },
      dataCollator: collate,
      plugins: [],
    });
    const metrics = await trainer.evaluate({ evalDataset: new InMemoryDataset(rows) });
    expect(metrics.eval_loss).toBeCloseTo(weighted / rows.length, 5);
    model.dispose();
  });
});
