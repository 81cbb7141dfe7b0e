import { existsSync } from "node:fs";
import type { HostBatch } from "@tfjs-trainer/data";
import { loadModelFiles } from "../checkpoint/model-weights.js";
import { refuseToOverwriteCheckpoints } from "../checkpoint/output-dir-guard.js";
import { loadCheckpointInto, resolveResumeFolder } from "../checkpoint/resume.js";
import { speedMetrics } from "../eval/speed-metrics.js";
import { TrainerState } from "../state/trainer-state.js";
import type { Trainer } from "../trainer.js";
import { countItems } from "./count-items.js";
import { startDataParallel } from "./data-parallel.js";
import {
  currentLearningRate,
  evaluateDuringTraining,
  maybeLogSaveEvaluate,
  storeFlos,
} from "./log-save-evaluate.js";
import { clipWindowGradients, shouldSkipUpdate, stepOptimizer } from "./optimizer-step.js";
import { planTraining } from "./training-plan.js";

export interface TrainOutput {
  global_step: number;
  training_loss: number;
  metrics: Record<string, number>;
}

/** train(): the loop of DESIGN.md, step for step as HF's _inner_training_loop. */
export async function runTraining(
  trainer: Trainer,
  resume: string | boolean | undefined,
): Promise<TrainOutput> {
  const { args, control, loop, hooks } = trainer;
  const loader = trainer.getTrainDataloader();
  const plan = planTraining(args, loader);
  const ga = args.gradient_accumulation_steps;
  trainer.createOptimizerAndScheduler(plan.maxSteps);

  trainer.state = new TrainerState();
  trainer.state.train_batch_size = args.per_device_train_batch_size;
  trainer.state.computeSteps(args, plan.maxSteps);

  const resumeDir = await resolveResumeFolder(trainer, resume);
  let epochsTrained = 0;
  let skipBatches = 0;
  if (resumeDir) {
    await loadCheckpointInto(trainer, resumeDir);
    epochsTrained = Math.floor(trainer.state.global_step / plan.numUpdateStepsPerEpoch);
    skipBatches = args.ignore_data_skip ? 0 : (trainer.state.global_step % plan.numUpdateStepsPerEpoch) * ga;
  } else {
    await refuseToOverwriteCheckpoints(trainer);
    loop.trLoss = 0;
    loop.totalLossScalar = 0;
    loop.globalstepLastLogged = 0;
    trainer.state.epoch = 0;
  }
  const state = trainer.state;
  state.max_steps = plan.maxSteps;
  state.num_train_epochs = plan.numTrainEpochs;
  const start = performance.now();
  let gradNorm: number | undefined;
  let learningRate: number | undefined;

  trainer.dataParallel = await startDataParallel(trainer, trainer.dataParallelModel);
  control.newTraining();
  await hooks.trainBegin.promise(trainer.context());
  if (args.eval_on_start) await evaluateDuringTraining(trainer, true);

  for (let epoch = epochsTrained; epoch < plan.numTrainEpochs; epoch++) {
    const stepsInEpoch = plan.stepsInEpoch;
    control.newEpoch();
    await hooks.epochBegin.promise(trainer.context());
    const firstBatch = epoch === epochsTrained ? skipBatches : 0;
    const remainder = stepsInEpoch % ga === 0 ? ga : stepsInEpoch % ga;
    const totalUpdates = Math.floor(stepsInEpoch / ga) + (remainder < ga ? 1 : 0);
    let step = firstBatch - 1;
    let sawBatch = false;

    windows: for (let update = firstBatch / ga; update < totalUpdates; update++) {
      const numBatches = update !== totalUpdates - 1 ? ga : remainder;
      const batches: HostBatch[] = [];
      for (let k = 0; k < numBatches; k++) {
        const batch = await loader.batch(epoch, update * ga + k);
        if (!batch) break;
        batches.push(batch);
      }
      if (batches.length === 0) break;
      sawBatch = true;
      loop.currentGradientAccumulationSteps = batches.length;
      const numItemsInBatch =
        trainer.model.acceptsLossKwargs || trainer.computeLossFunc
          ? countItems(trainer.model, batches)
          : undefined;

      let windowLossFinite = true;
      for (const batch of batches) {
        step += 1;
        const doSyncStep = (step + 1) % ga === 0 || step + 1 === stepsInEpoch || batch === batches.at(-1);
        if (step % ga === 0) {
          control.newStep();
          await hooks.stepBegin.promise(trainer.context());
        }
        const stepLoss = await trainer.trainingStep(batch, numItemsInBatch);
        windowLossFinite &&= Number.isFinite(stepLoss);
        // float32 accumulation, as HF's tensor accumulator; a NaN/Inf step adds the running mean instead
        loop.trLoss =
          args.logging_nan_inf_filter && !Number.isFinite(stepLoss)
            ? Math.fround(
                loop.trLoss + loop.trLoss / (1 + trainer.state.global_step - loop.globalstepLastLogged),
              )
            : Math.fround(loop.trLoss + stepLoss);
        loop.currentFlos += trainer.model.floatingPointOps?.(batch) ?? 0;

        if (doSyncStep) {
          gradNorm = await clipWindowGradients(trainer);
          await hooks.preOptimizerStep.promise(trainer.context());
          const skipped = await shouldSkipUpdate(trainer, windowLossFinite, gradNorm);
          if (!skipped) {
            stepOptimizer(trainer);
            await trainer.dataParallel?.pool.syncWeights(trainer.model.namedParameters());
          }
          await hooks.optimizerStep.promise(trainer.context());
          learningRate = currentLearningRate(trainer);
          // as HF does when its gradient scaler skips an update: the schedule waits for a real one
          if (!skipped && trainer.scheduler && !trainer.scheduler.stepsOnMetric) trainer.scheduler.step();
          state.global_step += 1;
          state.epoch = epoch + (step + 1) / stepsInEpoch;
          await hooks.stepEnd.promise(trainer.context());
          await maybeLogSaveEvaluate(trainer, gradNorm, learningRate);
        } else {
          await hooks.substepEnd.promise(trainer.context());
        }
        if (control.should_epoch_stop || control.should_training_stop) break windows;
      }
    }
    if (!sawBatch && step < 0) {
      trainer.logger(`warning: epoch ${epoch} had no batch; stopping training at step ${state.global_step}`);
      control.should_training_stop = true;
    }
    await hooks.epochEnd.promise(trainer.context());
    await maybeLogSaveEvaluate(trainer, gradNorm, learningRate);
    if (control.should_training_stop) break;
  }

  if (args.load_best_model_at_end && state.best_model_checkpoint) {
    if (existsSync(state.best_model_checkpoint)) {
      trainer.logger(`Loading best model from ${state.best_model_checkpoint} (score: ${state.best_metric}).`);
      await loadModelFiles(trainer.model, state.best_model_checkpoint);
    } else {
      // as HF: a best checkpoint that is gone (output_dir moved, folder deleted) keeps the last weights
      trainer.logger(
        `warning: could not find the best model at ${state.best_model_checkpoint}; keeping the weights of the last step`,
      );
    }
  }
  loop.totalLossScalar += loop.trLoss;
  loop.trLoss = 0;
  const trainLoss = loop.totalLossScalar / Math.max(state.global_step, 0.001);
  const metrics: Record<string, number> = speedMetrics("train", start, {
    numSamples: plan.numTrainSamples,
    numSteps: state.max_steps,
  });
  storeFlos(trainer);
  metrics.total_flos = state.total_flos;
  metrics.train_loss = trainLoss;
  await trainer.log(metrics);
  await hooks.trainEnd.promise(trainer.context());
  return { global_step: state.global_step, training_loss: trainLoss, metrics };
}
