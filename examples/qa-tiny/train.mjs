// Extractive question answering, HF run_qa.py style: prepare features with a stride, train a tiny
// BertForQuestionAnswering, evaluate with the QA plugin (postprocessing + SQuAD metric + predictions files).
//   node train.mjs config.yaml [--learning_rate 0.01 ...]
import { BertForQuestionAnswering } from "@tfjs-trainer/models";
import qa, {
  getQaPredictions,
  prepareTrainFeatures,
  prepareValidationFeatures,
  QaEvalDataset,
  SimpleQaTokenizer,
} from "@tfjs-trainer/plugin-qa";
import {
  ArgumentParser,
  defineArgumentGroup,
  InMemoryDataset,
  loadJsonl,
  logMetrics,
  saveMetrics,
  Trainer,
  TrainingArguments,
} from "tfjs-trainer";
import { z } from "zod";

const parser = new ArgumentParser({
  model: defineArgumentGroup(
    "ModelArguments",
    z.object({
      hidden_size: z.number().int().positive().default(32).describe("BERT's hidden size."),
      num_hidden_layers: z.number().int().positive().default(2).describe("Transformer layers."),
      num_attention_heads: z.number().int().positive().default(4).describe("Attention heads per layer."),
      intermediate_size: z.number().int().positive().default(64).describe("Feed-forward width."),
    }),
  ),
  data: defineArgumentGroup(
    "DataTrainingArguments",
    z.object({
      train_file: z
        .string()
        .describe("JSON Lines of SQuAD-style examples: {id, question, context, answers}."),
      validation_file: z.string().describe("Same format, for evaluation."),
      max_seq_length: z.number().int().positive().default(48).describe("Tokens per feature."),
      doc_stride: z
        .number()
        .int()
        .nonnegative()
        .default(16)
        .describe("Context tokens shared by overflow windows."),
      version_2_with_negative: z
        .boolean()
        .default(false)
        .describe("Some examples have no answer (SQuAD v2)."),
      n_best_size: z.number().int().positive().default(20).describe("Candidates kept per example."),
      max_answer_length: z.number().int().positive().default(30).describe("Longest answer, in tokens."),
      null_score_diff_threshold: z.number().default(0).describe("v2: margin for predicting no answer."),
    }),
  ),
  training: TrainingArguments,
});
const { model: modelArgs, data, training } = parser.parseCommandLine(process.argv.slice(2));

const rows = async (path) => {
  const dataset = await loadJsonl(path);
  return Array.from({ length: dataset.length }, (_, i) => dataset.get(i));
};
const trainExamples = await rows(data.train_file);
const evalExamples = await rows(data.validation_file);

// a word-level vocabulary of every text here (a real WordPiece tokenizer plugs into the same interface)
const tokenizer = SimpleQaTokenizer.fromTexts(
  [...trainExamples, ...evalExamples].flatMap((e) => [e.question, e.context]),
);
const prep = { max_seq_length: data.max_seq_length, doc_stride: data.doc_stride };
const trainFeatures = prepareTrainFeatures(trainExamples, tokenizer, prep);
const evalFeatures = prepareValidationFeatures(evalExamples, tokenizer, prep);
console.log(
  `${trainExamples.length} train examples → ${trainFeatures.length} features; ` +
    `${evalExamples.length} eval examples → ${evalFeatures.length} features`,
);

const model = new BertForQuestionAnswering(
  {
    model_type: "bert",
    architectures: ["BertForQuestionAnswering"],
    vocab_size: tokenizer.vocabSize,
    max_position_embeddings: data.max_seq_length,
    ...modelArgs,
  },
  training.seed,
);

const trainer = new Trainer({
  model,
  args: training,
  trainDataset: new InMemoryDataset(trainFeatures),
  evalDataset: new QaEvalDataset(evalFeatures, evalExamples),
  plugins: [
    ...Trainer.defaultPlugins,
    qa({
      version_2_with_negative: data.version_2_with_negative,
      n_best_size: data.n_best_size,
      max_answer_length: data.max_answer_length,
      null_score_diff_threshold: data.null_score_diff_threshold,
      // HF's postprocess_qa_predictions names: predictions.json (run_qa itself prefixes the stage: eval_…)
      prefix: null,
    }),
  ],
});

const result = await trainer.train();
logMetrics("train", result.metrics);
await saveMetrics(training.output_dir, "train", result.metrics);
const metrics = await trainer.evaluate();
logMetrics("eval", metrics);
await saveMetrics(training.output_dir, "eval", metrics);
await trainer.saveModel();

const { result: answers, files } = getQaPredictions(trainer);
for (const example of evalExamples) {
  console.log(
    `${example.question}  →  "${answers.predictions[example.id]}"  (gold: "${example.answers.text[0]}")`,
  );
}
console.log(`exact_match ${metrics.eval_exact_match.toFixed(2)}, f1 ${metrics.eval_f1.toFixed(2)}`);
console.log(`wrote ${files.join(", ")}`);
