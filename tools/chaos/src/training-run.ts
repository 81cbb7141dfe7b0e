import {
  InMemoryDataset,
  type PluginSpec,
  TinyClassifier,
  type TrainableModel,
  Trainer,
  type TrainerOptions,
} from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import { BertForSequenceClassification } from "@tfjs-trainer/models";
import rotation from "@tfjs-trainer/plugin-checkpoint-rotation";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
// the rows of the SIGKILL resume test, so both crash tests train on the same data
import { toyRows } from "../../../tests/test/child/toy-rows.mjs";
import type { RunSpec } from "./run-spec.js";

const VOCAB = 16;
const LABELS = 3;

function makeModel(model: RunSpec["model"]): TrainableModel {
  if (model === "tiny") {
    return new TinyClassifier({
      vocab_size: VOCAB,
      hidden_size: 8,
      num_labels: LABELS,
      hidden_dropout_prob: 0.2,
      seed: 3,
    });
  }
  return new BertForSequenceClassification(
    {
      model_type: "bert",
      vocab_size: VOCAB,
      hidden_size: 16,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 24,
      max_position_embeddings: 16,
      num_labels: LABELS,
    },
    3,
  );
}

// One eval row in five has a wrong label: eval_loss stops falling part-way, so the best checkpoint is often an
// older one that rotation must keep beside the newest.
const evalRows = toyRows(40, VOCAB, LABELS)
  .slice(24)
  .map((row, i) => (i % 5 === 0 ? { ...row, label: (row.label + 1) % LABELS } : row));

/**
 * The run under test: dropout (random streams to restore), gradient accumulation across shuffled epochs, warmup,
 * a log every step, an evaluation and a checkpoint every 2 steps, save_total_limit 2 and load_best_model_at_end.
 */
export function makeTrainer(
  spec: RunSpec,
  outputDir: string,
  options: { plugins: PluginSpec[]; onSaveBegin: (step: number) => void },
): Trainer {
  return new ChaosTrainer(options.onSaveBegin, {
    model: makeModel(spec.model),
    args: {
      output_dir: outputDir,
      per_device_train_batch_size: 4,
      per_device_eval_batch_size: 8,
      gradient_accumulation_steps: 2,
      max_steps: spec.steps,
      learning_rate: spec.model === "tiny" ? 0.3 : 0.05,
      warmup_steps: 2,
      weight_decay: 0.01,
      logging_steps: 1,
      eval_strategy: "steps",
      eval_steps: 2,
      save_steps: 2,
      save_total_limit: 2,
      load_best_model_at_end: true,
      metric_for_best_model: "eval_loss",
      seed: 11,
      backend: "cpu",
    },
    // 24 rows, batch 4, 2 micro-batches per step: 3 optimizer steps per epoch
    trainDataset: new InMemoryDataset(toyRows(24, VOCAB, LABELS)),
    evalDataset: new InMemoryDataset(evalRows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    plugins: [defaultFlow, rotation, ...options.plugins],
    logger: () => {},
  });
}

/** Calls `onSaveBegin` when a checkpoint starts being written (the save hook only runs once it is in place). */
class ChaosTrainer extends Trainer {
  constructor(
    private readonly onSaveBegin: (step: number) => void,
    options: TrainerOptions,
  ) {
    super(options);
  }

  override saveCheckpoint(): Promise<string> {
    this.onSaveBegin(this.state.global_step);
    return super.saveCheckpoint();
  }
}
