import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import { createOptimizerFromArgs, LayersModelAdapter } from "@tfjs-trainer/core";
import { defaultDataCollator, toTensor } from "@tfjs-trainer/data";
import { createLayersModel, LAYERS_WORKLOAD } from "../workloads/layers-workload.js";
import { materialise } from "../workloads/synthetic-rows.js";

/**
 * The parts of the model.fit comparison's step that differ between the two sides, on its LayersModel: core's AdamW
 * (torch's float32 op sequence) against tfjs's Adam on the same gradients, and a batch made from rows (collate +
 * tensors, the Trainer's way) against one gathered from tensors already on the backend (fit's way); with the
 * forward + gradients both share, for scale. Median of 5 runs of 200 calls after 20 warm-up calls. Prints JSON (ms).
 */
async function main(): Promise<void> {
  await setupBackend("wasm");
  const { batch, rows: shape, learningRate } = LAYERS_WORKLOAD;
  const model = createLayersModel();
  const adapter = new LayersModelAdapter(model);
  const parameters = adapter.namedParameters();
  const grads = Object.fromEntries(parameters.map((p) => [p.name, tf.randomNormal(p.variable.shape)]));
  const ours = createOptimizerFromArgs(parameters, {
    learning_rate: learningRate,
    weight_decay: 0,
    adam_beta1: 0.9,
    adam_beta2: 0.999,
    adam_epsilon: 1e-8,
  });
  const theirs = tf.train.adam(learningRate);
  const named = parameters.map((p) => ({ name: p.variable.name, tensor: grads[p.name]! }));
  const rows = materialise(batch * 50, shape);
  const all = tf.tensor2d(
    rows.map((r) => r.input_ids),
    [rows.length, shape.seq],
    "int32",
  );
  const first = defaultDataCollator(rows.slice(0, batch));
  const inputs = { input_ids: toTensor(first.input_ids!), labels: toTensor(first.labels!) };
  let k = 0;
  const ms = (work: () => void): number => {
    for (let i = 0; i < 20; i++) work();
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      for (let i = 0; i < 200; i++) work();
      runs.push((performance.now() - start) / 200);
    }
    return Number(runs.sort((a, b) => a - b)[2]!.toFixed(3));
  };
  const out = {
    "core AdamW step": ms(() => ours.step(grads)),
    "tf.train.adam applyGradients": ms(() => theirs.applyGradients(named)),
    "batch from rows (collate + tensors)": ms(() => {
      const start = (k++ % 50) * batch;
      tf.dispose(Object.values(defaultDataCollator(rows.slice(start, start + batch))).map(toTensor));
    }),
    "batch gathered from tensors": ms(() => {
      const start = (k++ % 50) * batch;
      tf.tidy(() => tf.gather(all, tf.range(start, start + batch, 1, "int32")));
    }),
    "forward + gradients": ms(() => {
      const { value, grads: g } = tf.variableGrads(
        () => adapter.forward(inputs, { training: true }).loss!,
        parameters.map((p) => p.variable),
      );
      tf.dispose([value, ...Object.values(g)]);
    }),
  };
  console.log(JSON.stringify(out, null, 2));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack);
    process.exit(1);
  },
);
