/** Every measurement the bench makes, as the JSON a measurement process is started with. */

/** The model and batch a step comparison trains (see workloads/step-workloads.ts). */
export type StepWorkloadName = "bert-small" | "tiny";

/** Who runs the training steps: a hand-written tfjs loop, or the Trainer with a set of plugins. */
export type StepRunner = "hand" | "trainer-bare" | "trainer-default" | "trainer-all";

export interface StepsCase {
  kind: "steps";
  workload: StepWorkloadName;
  runner: StepRunner;
  /** Whole throwaway runs first, for at least this long: V8 compiles hot wasm and JS again, optimised, as they run. */
  warmupMs: number;
  /** Steps before the timed ones in the measured run. */
  warmup: number;
  /** Timed steps. */
  steps: number;
}

/** model.fit against the Trainer on the same LayersModel: whole calls over the same data, after one warm-up call. */
export interface FitCase {
  kind: "fit";
  runner: "fit" | "trainer";
  /** Batches in the data (one epoch). */
  steps: number;
  /** Warm-up epochs run until at least this long has passed (one at least). */
  warmupMs: number;
}

export type HookKind = "async-event" | "sync-event" | "sync-waterfall";

export interface HooksCase {
  kind: "hooks";
  hook: HookKind;
  taps: number;
  /** Hook calls per timed run. */
  calls: number;
  repeats: number;
}

export type CheckpointModelName = "bert-mini" | "bert-tiny";

export interface CheckpointCase {
  kind: "checkpoint";
  model: CheckpointModelName;
  repeats: number;
}

/** How the resumed run's rows are given: random access, a stream, or a stream that can start at any row. */
export type ResumeDatasetKind = "indexed" | "iterable" | "seekable";

export interface ResumeCase {
  kind: "resume";
  rows: number;
  dataset: ResumeDatasetKind;
  /** Where in the epoch the checkpoint was taken, 0 … 1. */
  position: number;
  /** The checkpoint to resume from (written beforehand by a resume-prepare case). */
  checkpointDir: string;
}

/** Writes the checkpoints ResumeCase runs resume from: one per global step, each after one real step. */
export interface ResumePrepareCase {
  kind: "resume-prepare";
  rows: number;
  globalSteps: number[];
  outputDir: string;
}

export interface EvalMemoryCase {
  kind: "eval-memory";
  examples: number;
  /** eval_accumulation_steps; null leaves every batch's outputs on the device until the end (HF's default). */
  accumulationSteps: number | null;
}

export type CaseSpec =
  | StepsCase
  | FitCase
  | HooksCase
  | CheckpointCase
  | ResumeCase
  | ResumePrepareCase
  | EvalMemoryCase;
