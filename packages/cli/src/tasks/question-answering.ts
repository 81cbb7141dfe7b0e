import { DataCollatorWithPadding, type Feature } from "@tfjs-trainer/data";
import qa, {
  getQaPredictions,
  type PrepareFeaturesOptions,
  prepareTrainFeaturesAsync,
  prepareValidationFeaturesAsync,
  QaEvalDataset,
  writeQaPredictionFiles,
} from "@tfjs-trainer/plugin-qa";
import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { type QaBaseline, qaBaselines } from "./question-answering/baselines.js";
import { readQaExamples } from "./question-answering/qa-examples.js";
import { asQaTokenizer } from "./question-answering/qa-tokenizer.js";
import { defineTask, type RawSplits, type Row, SPLIT_FILE_FIELDS } from "./task.js";

const dataSchema = z.object({
  question_column: z.string().default("question").describe("Column holding the question."),
  context_column: z
    .string()
    .default("context")
    .describe("Column holding the context the answer is cut from."),
  answer_column: z
    .string()
    .default("answers")
    .describe('Column holding SQuAD\'s answers: {"text": [str], "answer_start": [int]} (code points).'),
  max_seq_length: z
    .number()
    .int()
    .positive()
    .default(384)
    .describe("Tokens per feature (question, context window and special tokens)."),
  doc_stride: z
    .number()
    .int()
    .nonnegative()
    .default(128)
    .describe("Context tokens shared by consecutive windows of a context longer than a feature."),
  pad_to_max_length: z
    .boolean()
    .default(true)
    .describe("Pad every feature to max_seq_length (false: each batch is padded to its longest feature)."),
  version_2_with_negative: z
    .boolean()
    .default(false)
    .describe("Some questions have no answer (SQuAD v2); scored with squad_v2."),
  n_best_size: z.number().int().positive().default(20).describe("Start and end candidates kept per feature."),
  max_answer_length: z.number().int().positive().default(30).describe("Longest answer, in tokens."),
  null_score_diff_threshold: z
    .number()
    .default(0)
    .describe("SQuAD v2: predict no answer when the null score beats the best span by more than this."),
});
type Data = z.output<typeof dataSchema>;

/** run_qa.py on your own files: extractive question answering on SQuAD-format rows, scored by exact match and F1. */
export default defineTask({
  name: "question-answering",
  hfScript: "run_qa.py",
  description:
    "Answer a question with a span of its context (SQuAD exact_match and f1; baseline: the context's first " +
    "sentence or first words).",
  dataSchema,
  defaultArchitecture: "BertForQuestionAnswering",
  tokenizerModel: "wordpiece",
  // run_qa scores every split it evaluates or predicts, so every split has answers
  requiredColumns: (data) => ({
    question_column: data.question_column,
    context_column: data.context_column,
    answer_column: data.answer_column,
  }),
  texts: (row, data) =>
    [row[data.question_column], row[data.context_column]].filter((t): t is string => typeof t === "string"),
  async prepare({ data, splits, tokenizer, log }) {
    if (!tokenizer) throw new Error("question-answering needs a tokenizer");
    const read = (split: keyof RawSplits, rows: Row[] | undefined) =>
      rows && readQaExamples(rows, data, { file: SPLIT_FILE_FIELDS[split], checkSpans: split === "train" });
    const examples = {
      train: read("train", splits.train),
      validation: read("validation", splits.validation),
      test: read("test", splits.test),
    };
    const qaTokenizer = asQaTokenizer(tokenizer);
    const options: PrepareFeaturesOptions = {
      max_seq_length: data.max_seq_length,
      doc_stride: data.doc_stride,
      pad_to_max_length: data.pad_to_max_length,
    };
    const train =
      examples.train &&
      (await explainLengths(data, () => prepareTrainFeaturesAsync(examples.train!, qaTokenizer, options)));
    const evalDataset = async (split: "validation" | "test") => {
      const rows = examples[split];
      if (!rows) return undefined;
      const features = await explainLengths(data, () =>
        prepareValidationFeaturesAsync(rows, qaTokenizer, options),
      );
      log(`${split}: ${rows.length} examples, ${features.length} features`);
      return new QaEvalDataset(features, rows);
    };
    if (examples.train && train) log(`train: ${examples.train.length} examples, ${train.length} features`);
    const baseline = strongest(
      qaBaselines(examples.train ?? [], examples.validation ?? [], data.version_2_with_negative),
      log,
    );
    return {
      modelConfig: { vocab_size: tokenizer.vocabSize, pad_token_id: tokenizer.padTokenId ?? 0 },
      // copies as plain objects: plugin-qa's feature interfaces have no index signature, Feature rows do
      train: train && new InMemoryDataset(train.map((feature): Feature => ({ ...feature }))),
      validation: await evalDataset("validation"),
      test: await evalDataset("test"),
      dataCollator: DataCollatorWithPadding({ padTokenId: tokenizer.padTokenId ?? 0 }),
      // HF's QuestionAnsweringTrainer: logits → answers → SQuAD metric, and run_qa's prediction files
      plugins: [
        qa({
          version_2_with_negative: data.version_2_with_negative,
          n_best_size: data.n_best_size,
          max_answer_length: data.max_answer_length,
          null_score_diff_threshold: data.null_score_diff_threshold,
        }),
      ],
      baseline,
      async writePredictions(_output, dir, trainer) {
        // The QA plugin turned the logits into answers and, unless told not to, wrote run_qa's files.
        const predicted = getQaPredictions(trainer);
        if (predicted?.stage !== "predict") {
          throw new Error("question-answering: no QA predictions (is the qa plugin disabled in the config?)");
        }
        const files = predicted.files ?? (await writeQaPredictionFiles(dir, predicted.result, "predict"));
        return files[0];
      },
    };
  },
});

/** Feature preparation, with the data fields to change when a question and its context do not fit a feature. */
async function explainLengths<T>(data: Data, prepare: () => Promise<T>): Promise<T> {
  try {
    return await prepare();
  } catch (error) {
    throw new Error(
      `data.max_seq_length ${data.max_seq_length} / data.doc_stride ${data.doc_stride}: ${(error as Error).message}`,
    );
  }
}

/** Every baseline is logged; the one with the best F1 is printed beside the result. */
function strongest(baselines: QaBaseline[], log: (message: string) => void): QaBaseline | undefined {
  for (const baseline of baselines) {
    const scores = Object.entries(baseline.metrics).map(([name, value]) => `${name} ${value.toFixed(2)}`);
    log(`baseline on validation, ${baseline.name}: ${scores.join(", ")}`);
  }
  return baselines.reduce<QaBaseline | undefined>(
    (best, baseline) => (best && best.metrics.f1 >= baseline.metrics.f1 ? best : baseline),
    undefined,
  );
}
