// A training run in its own process, so a test can kill it with SIGKILL at a chosen moment and resume it.
// argv[2]: JSON { outputDir, resume?, killAfterStep?, killWhileSavingStep? }
import * as tf from "@tensorflow/tfjs";
import { definePlugin, InMemoryDataset, TinyClassifier, Trainer } from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { toyRows } from "./toy-rows.mjs";

const options = JSON.parse(process.argv[2]);
await tf.setBackend("cpu");

// Dies right after the step it names has ended (its checkpoint, if any, was written before).
const killAfter = definePlugin({
  name: "kill-after",
  apply(trainer) {
    trainer.hooks.stepEnd.tapPromise({ name: "kill-after", stage: 1000 }, async (ctx) => {
      if (ctx.state.global_step === options.killAfterStep + 1) process.kill(process.pid, "SIGKILL");
    });
  },
});

// A stateful plugin: its counter goes into checkpoints and must continue from there on resume.
const evalCounter = definePlugin({
  name: "eval-counter",
  apply(trainer) {
    let evaluations = 0;
    let lossSum = 0;
    trainer.hooks.evaluate.tapPromise("eval-counter", async (_ctx, metrics) => {
      evaluations++;
      lossSum += metrics.eval_loss;
    });
    return {
      state: () => ({ args: {}, attributes: { evaluations, lossSum } }),
      loadState: (saved) => {
        evaluations = saved.attributes.evaluations;
        lossSum = saved.attributes.lossSum;
      },
    };
  },
});

/** Writes the model of a checkpoint, then dies before the rest of the checkpoint is written. */
class DyingTrainer extends Trainer {
  async saveModel(dir) {
    await super.saveModel(dir);
    if (this.state.global_step === options.killWhileSavingStep) process.kill(process.pid, "SIGKILL");
  }
}

const trainer = new DyingTrainer({
  model: new TinyClassifier({
    vocab_size: 16,
    hidden_size: 8,
    num_labels: 3,
    hidden_dropout_prob: 0.2,
    seed: 3,
  }),
  args: {
    output_dir: options.outputDir,
    per_device_train_batch_size: 4,
    per_device_eval_batch_size: 4,
    gradient_accumulation_steps: 2,
    num_train_epochs: 3,
    learning_rate: 0.05,
    warmup_steps: 2,
    weight_decay: 0.01,
    logging_steps: 1,
    eval_strategy: "steps",
    eval_steps: 3,
    save_strategy: "steps",
    save_steps: 2,
    seed: 11,
    backend: "cpu",
  },
  // 24 rows / batch 4 = 6 micro-batches = 3 optimizer steps per epoch, 9 in all; shuffled each epoch
  trainDataset: new InMemoryDataset(toyRows(24)),
  dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
  evalDataset: new InMemoryDataset(toyRows(10)),
  plugins: [defaultFlow, killAfter, evalCounter],
  logger: () => {},
});
await trainer.train({ resumeFromCheckpoint: options.resume });
process.stdout.write(JSON.stringify({ done: true, globalStep: trainer.state.global_step }));
