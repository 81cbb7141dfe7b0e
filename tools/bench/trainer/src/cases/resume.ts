import { setupBackend } from "@tfjs-trainer/backend";
import type { ResumeCase, ResumePrepareCase } from "../case-spec.js";
import { report } from "../protocol.js";
import { type ProbeTimes, stopAfterFirstStep } from "../workloads/probe-plugin.js";
import {
  createResumeModel,
  globalStepAt,
  resumeArguments,
  resumeDataset,
} from "../workloads/resume-workload.js";
import { BatchTimedTrainer } from "../workloads/timed-trainer.js";

/**
 * Writes the checkpoints the resume rows start from: one real training step, then the same trainer saved once per
 * wanted global step (its state's global_step and epoch set to that step). What a resume does with a checkpoint
 * depends on those two numbers, not on how many steps made the weights.
 */
export async function runResumePrepareCase(spec: ResumePrepareCase): Promise<void> {
  await setupBackend("wasm");
  const model = createResumeModel();
  const trainer = new BatchTimedTrainer({
    model,
    args: resumeArguments("indexed", spec.rows, spec.outputDir),
    trainDataset: resumeDataset("indexed", spec.rows),
    plugins: [stopAfterFirstStep({})],
    logger: () => {},
  });
  const perEpoch = trainer.getTrainDataloader().length!;
  await trainer.train();
  for (const step of spec.globalSteps) {
    trainer.state.global_step = step;
    trainer.state.epoch = step / perEpoch;
    await trainer.saveCheckpoint();
  }
  trainer.optimizer?.dispose();
  model.dispose();
  report({ run: { checkpoints: spec.globalSteps.length } });
}

/**
 * A fresh process resuming from a checkpoint: the time from `train({ resumeFromCheckpoint })` to the end of the
 * first new optimizer step, how much of it went to loading the checkpoint (up to trainBegin), and how long the
 * first batch took to arrive (for an indexed dataset the epoch's shuffled order and one batch; for a stream, every
 * skipped row read again; for a seekable stream, one batch read from where it starts).
 */
export async function runResumeCase(spec: ResumeCase): Promise<void> {
  await setupBackend("wasm");
  const model = createResumeModel();
  const times: ProbeTimes = {};
  const trainer = new BatchTimedTrainer({
    model,
    args: resumeArguments(spec.dataset, spec.rows, spec.checkpointDir),
    trainDataset: resumeDataset(spec.dataset, spec.rows),
    plugins: [stopAfterFirstStep(times)],
    logger: () => {},
  });
  const resumedFrom = globalStepAt(spec.rows, spec.position);
  const start = performance.now();
  await trainer.train({ resumeFromCheckpoint: `${spec.checkpointDir}/checkpoint-${resumedFrom}` });
  if (trainer.state.global_step !== resumedFrom + 1) {
    throw new Error(
      `resumed at step ${resumedFrom}, ended at ${trainer.state.global_step} (one more expected)`,
    );
  }
  if (times.trainBegin === undefined || times.firstStepEnd === undefined)
    throw new Error("the probe saw no step");
  const [requested] = trainer.batchRequests;
  const [ready] = trainer.batchReady;
  trainer.optimizer?.dispose();
  model.dispose();
  report({
    run: {
      firstStepMs: times.firstStepEnd - start,
      loadMs: times.trainBegin - start,
      firstBatchMs: ready!.wallMs - requested!.wallMs,
    },
  });
}
