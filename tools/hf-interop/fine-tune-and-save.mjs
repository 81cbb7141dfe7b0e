// Fine-tunes every fixture model a few steps on its forward inputs, saves it (config.json + model.safetensors) to
// out/<name>/, and writes our outputs on those inputs to out/<name>/ours.json, for check_hf_loads_ours.py to
// compare with what HF transformers computes after loading the same folder.
//   node tools/hf-interop/fine-tune-and-save.mjs [fixtures-dir] [out-dir]
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InMemoryDataset, Trainer } from "@tfjs-trainer/core";
import { defaultDataCollator } from "@tfjs-trainer/data";
import { fromPretrained } from "@tfjs-trainer/models";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";

const fixtures = resolve(process.argv[2] ?? "fixtures/hf-reference");
const out = resolve(process.argv[3] ?? "tools/hf-interop/out");
await tf.setBackend("cpu");

/** The batch of a forward case as rows (one per example), so the Trainer can batch them again. */
function rowsOf(inputs) {
  const n = inputs.input_ids.length;
  return Array.from({ length: n }, (_, i) =>
    Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v[i]])),
  );
}

const toTensor = (v) => {
  const flat = [v].flat(Number.POSITIVE_INFINITY);
  const shape = [];
  for (let x = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  return tf.tensor(flat, shape, flat.every(Number.isInteger) ? "int32" : "float32");
};

for (const file of (await readdir(join(fixtures, "forward"))).filter((f) => f.endsWith(".json"))) {
  const name = file.slice(0, -5);
  const { inputs, ...reference } = JSON.parse(await readFile(join(fixtures, "forward", file), "utf8"));
  const model = await fromPretrained(join(fixtures, "models", name), { warn: () => {} });
  const trainer = new Trainer({
    model,
    args: {
      output_dir: join(out, ".runs", name),
      max_steps: 3,
      learning_rate: 0.01,
      per_device_train_batch_size: 2,
      save_strategy: "no",
      backend: "cpu",
    },
    trainDataset: new InMemoryDataset(rowsOf(inputs)),
    dataCollator: defaultDataCollator,
    plugins: [defaultFlow],
    logger: () => {},
  });
  await trainer.train();
  const dir = join(out, name);
  await mkdir(dir, { recursive: true });
  await model.savePretrained(dir);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, toTensor(v)]));
  const result = model.forward(tensors, { training: false });
  const outputs = Object.fromEntries(
    Object.keys(reference)
      .filter((k) => k !== "loss" && result[k])
      .map((k) => [k, result[k].arraySync()]),
  );
  await writeFile(join(dir, "ours.json"), JSON.stringify({ inputs, outputs }));
  console.log(`${name}: fine-tuned ${trainer.state.global_step} steps, saved to ${dir}`);
  model.dispose();
}
