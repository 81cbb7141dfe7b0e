import {
  type AnyDataset,
  type IterableDataset,
  TinyClassifier,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import type { ResumeDatasetKind } from "../case-spec.js";
import {
  type RowShape,
  SyntheticDataset,
  syntheticRow,
  syntheticStream,
  type TextRow,
} from "./synthetic-rows.js";

/** A small model and batch, so a resumed run's first step is cheap and what precedes it shows. */
export const RESUME_BATCH = 32;
const ROWS: RowShape = { seq: 16, vocab: 1000, numLabels: 2 };

export function createResumeModel(): TinyClassifier {
  return new TinyClassifier({ vocab_size: ROWS.vocab, hidden_size: 16, num_labels: ROWS.numLabels });
}

/** Optimizer steps in one epoch of `rows` rows. */
export function stepsPerEpoch(rows: number): number {
  return Math.ceil(rows / RESUME_BATCH);
}

/** The global step a checkpoint at `position` (0 … 1) of the epoch has. */
export function globalStepAt(rows: number, position: number): number {
  return Math.max(1, Math.round(position * stepsPerEpoch(rows)));
}

/**
 * The rows, made on demand: indexed (random access; the default DataLoader and its shuffling sampler), as a stream
 * (an IterableDataset, which the Trainer can only read in order), or as the same stream able to start at any row.
 */
export function resumeDataset(kind: ResumeDatasetKind, rows: number): AnyDataset {
  if (kind === "indexed") return new SyntheticDataset(rows, ROWS);
  return kind === "seekable" ? seekableStream(rows) : syntheticStream(rows, ROWS);
}

/**
 * The stream plus `iterateFrom`: its rows are generated from their number, so it starts anywhere without reading
 * the earlier ones, as a file read from an indexed byte offset or a sharded dataset would.
 */
function seekableStream(rows: number): IterableDataset<TextRow> {
  return {
    ...syntheticStream(rows, ROWS),
    async *iterateFrom(start: number) {
      for (let i = start; i < rows; i++) yield syntheticRow(i, ROWS);
    },
  };
}

/** One epoch (a stream has no length: max_steps says how long the epoch is, as HF requires). */
export function resumeArguments(
  kind: ResumeDatasetKind,
  rows: number,
  outputDir: string,
): TrainingArgumentsInit {
  return {
    output_dir: outputDir,
    backend: "wasm",
    per_device_train_batch_size: RESUME_BATCH,
    ...(kind === "indexed" ? { num_train_epochs: 1 } : { max_steps: stepsPerEpoch(rows) }),
    save_strategy: "no",
    report_to: "none",
  };
}
