// Quick start: trains and evaluates a tiny sequence classifier, HF-example style.
//   node train.mjs config.yaml [--learning_rate 0.02 ...]
import {
  ArgumentParser,
  DataCollatorWithPadding,
  defineArgumentGroup,
  loadJsonl,
  logMetrics,
  saveMetrics,
  TinyClassifier,
  Trainer,
  TrainingArguments,
} from "tfjs-trainer";
import { z } from "zod";

const parser = new ArgumentParser({
  model: defineArgumentGroup(
    "ModelArguments",
    z.object({
      hidden_size: z
        .number()
        .int()
        .positive()
        .default(32)
        .describe("Width of the classifier's hidden layer."),
      vocab_size: z.number().int().positive().default(32).describe("Token ids are below this."),
    }),
  ),
  data: defineArgumentGroup(
    "DataArguments",
    z.object({
      train_file: z.string().describe("JSON Lines: {input_ids: number[], label: number} per line."),
      eval_file: z.string().describe("Same format, for evaluation."),
    }),
  ),
  training: TrainingArguments,
});
const { model: modelArgs, data, training } = parser.parseCommandLine(process.argv.slice(2));

const train = await loadJsonl(data.train_file);
const evalSet = await loadJsonl(data.eval_file);
const numLabels = new Set(Array.from({ length: train.length }, (_, i) => train.get(i).label)).size;

const trainer = new Trainer({
  model: new TinyClassifier({ ...modelArgs, num_labels: numLabels, seed: training.seed }),
  args: training,
  trainDataset: train,
  evalDataset: evalSet,
  dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
  computeMetrics: ({ predictions, label_ids }) => {
    const [rows, classes] = predictions.shape;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      const logits = predictions.data.subarray(r * classes, (r + 1) * classes);
      if (logits.indexOf(Math.max(...logits)) === label_ids.data[r]) correct++;
    }
    return { accuracy: correct / rows };
  },
});

const result = await trainer.train();
logMetrics("train", result.metrics);
await saveMetrics(training.output_dir, "train", result.metrics);
const metrics = await trainer.evaluate();
logMetrics("eval", metrics);
await saveMetrics(training.output_dir, "eval", metrics);
await trainer.saveModel();
