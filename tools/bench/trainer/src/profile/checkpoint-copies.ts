import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { InMemoryDataset, Trainer } from "@tfjs-trainer/core";
import { serializeSafetensors } from "@tfjs-trainer/safetensors";
import { createCheckpointModel } from "../workloads/checkpoint-models.js";
import { materialise } from "../workloads/synthetic-rows.js";

/**
 * Where a BERT-mini checkpoint save goes: the whole `saveCheckpoint()`, then its parts on the same tensors (model
 * weights and optimizer moments, 134 MB): reading them out of the wasm heap, `Float32Array.from` of each (what
 * @tfjs-trainer/safetensors did to each read-back array before it wrote files tensor by tensor), serializing all of
 * them into one buffer (`serializeSafetensors`, as the file writer did then), a single copy of every tensor into one
 * buffer (the least any one-buffer writer needs), and writing + fsyncing that many bytes.
 * A warm-up round, then the median of 3. Prints JSON (ms).
 */
async function main(): Promise<void> {
  await setupBackend("wasm");
  const dir = await mkdtemp(join(tmpdir(), "bench-trainer-copies-"));
  const { model, vocab } = createCheckpointModel("bert-mini");
  const rows = new InMemoryDataset(materialise(1, { seq: 8, vocab, numLabels: 2 }));
  const trainer = new Trainer({
    model,
    args: {
      output_dir: dir,
      backend: "wasm",
      per_device_train_batch_size: 1,
      max_steps: 1,
      save_strategy: "no",
      report_to: "none",
    },
    trainDataset: rows,
    plugins: [],
    logger: () => {},
  });
  await trainer.train();
  const samples: Record<string, number[]> = {};
  const time = async <T>(key: string, round: number, work: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    if (round > 0) {
      samples[key] ??= [];
      samples[key].push(performance.now() - start);
    }
    return result;
  };
  let megabytes = 0;
  for (let round = 0; round <= 3; round++) {
    await rm(join(dir, "checkpoint-1"), { recursive: true, force: true });
    await time("saveCheckpoint()", round, () => trainer.saveCheckpoint());
    const state = trainer.optimizer!.stateDict();
    const tensors: Record<string, tf.Tensor> = {
      ...Object.fromEntries(model.namedParameters().map((p) => [p.name, p.variable])),
      ...state.tensors,
    };
    const values = await time("read back from wasm (dataSync)", round, () =>
      Object.values(tensors).map((t) => t.dataSync() as Float32Array),
    );
    await time("Float32Array.from of each", round, () => values.map((v) => Float32Array.from(v)));
    const bytes = await time("serializeSafetensors of all", round, () => serializeSafetensors(tensors));
    await time("one copy of all into one buffer", round, () => {
      const out = new Uint8Array(bytes.length);
      let at = 0;
      for (const v of values) {
        out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), at);
        at += v.byteLength;
      }
      return out;
    });
    await time("write + fsync of as many bytes", round, async () => {
      const handle = await open(join(dir, "raw.bin"), "w");
      await handle.writeFile(bytes);
      await handle.sync();
      await handle.close();
    });
    megabytes = bytes.length / 1e6;
    tf.dispose(Object.values(state.tensors));
  }
  trainer.optimizer?.dispose();
  model.dispose();
  await rm(dir, { recursive: true, force: true });
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const out = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Number(median(v).toFixed(1))]));
  console.log(JSON.stringify({ megabytes: Number(megabytes.toFixed(1)), ...out }, null, 2));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
