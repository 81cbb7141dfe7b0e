// Seq2seq quick start: trains a tiny BART (a fixture of the repository) to copy its input, evaluating with
// generate() as HF's Seq2SeqTrainer does with predict_with_generate, then predicts on the evaluation rows.
//   node train.mjs config.yaml [--num_train_epochs 40 ...]
import { readFileSync } from "node:fs";
import { fromPretrained } from "@tfjs-trainer/models";
import seq2seq, { Seq2SeqTrainingArguments } from "@tfjs-trainer/plugin-seq2seq";
import {
  ArgumentParser,
  DataCollatorForSeq2Seq,
  defineArgumentGroup,
  InMemoryDataset,
  logMetrics,
  Trainer,
} from "tfjs-trainer";
import { z } from "zod";

const parser = new ArgumentParser({
  model: defineArgumentGroup(
    "ModelArguments",
    z.object({
      model_name_or_path: z
        .string()
        .describe("A folder with config.json and model.safetensors (BART or T5)."),
    }),
  ),
  data: defineArgumentGroup(
    "DataArguments",
    z.object({
      data_file: z
        .string()
        .describe("JSON: {train: [...], eval: [...]} rows of input_ids and labels, and pad_token_id."),
    }),
  ),
  training: Seq2SeqTrainingArguments,
});
const { model: modelArgs, data: dataArgs, training } = parser.parseCommandLine(process.argv.slice(2));

const data = JSON.parse(readFileSync(dataArgs.data_file, "utf8"));
const model = await fromPretrained(modelArgs.model_name_or_path);
const special = new Set(
  [
    model.config.pad_token_id,
    model.config.bos_token_id,
    model.config.eos_token_id,
    model.config.decoder_start_token_id,
  ]
    .flat()
    .filter((id) => typeof id === "number"),
);

/** The ids a tokenizer would decode with skip_special_tokens (-100 is already the pad id: replaceIgnoreIndex). */
const tokens = (t, row) => {
  const width = t.shape[1];
  return Array.from(t.data.subarray(row * width, (row + 1) * width)).filter((id) => !special.has(id));
};

const trainer = new Trainer({
  model,
  args: training,
  trainDataset: new InMemoryDataset(data.train),
  evalDataset: new InMemoryDataset(data.eval),
  dataCollator: DataCollatorForSeq2Seq({ padTokenId: data.pad_token_id, model }),
  // predict_with_generate and the generation lengths come from the arguments (Seq2SeqTrainingArguments)
  plugins: [...Trainer.defaultPlugins, seq2seq({ replaceIgnoreIndex: "both" })],
  computeMetrics: ({ predictions, label_ids }) => {
    const rows = label_ids.shape[0];
    let exact = 0;
    let correct = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const predicted = tokens(predictions, r);
      const reference = tokens(label_ids, r);
      if (predicted.join() === reference.join()) exact++;
      reference.forEach((id, i) => {
        total++;
        if (predicted[i] === id) correct++;
      });
    }
    return { exact_match: exact / rows, token_accuracy: correct / total };
  },
});

const result = await trainer.train();
logMetrics("train", result.metrics);
logMetrics("eval", await trainer.evaluate());

const predicted = await trainer.predict(new InMemoryDataset(data.eval));
logMetrics("predict", predicted.metrics);
for (let r = 0; r < 4; r++) {
  console.log(
    `  input ${data.eval[r].input_ids.join(" ")}  →  generated ${tokens(predicted.predictions, r).join(" ")}`,
  );
}
await trainer.saveModel();
