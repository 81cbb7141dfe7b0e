import { definePlugin, type PluginInstance } from "@tfjs-trainer/core";

/** When the bench's probe saw the trainer reach a point (performance.now() values). */
export interface ProbeTimes {
  trainBegin?: number;
  firstStepEnd?: number;
}

/**
 * A plugin that records when training began (the checkpoint, if any, is loaded by then) and when the first
 * optimizer step of this train() call ended, and then stops training: the bench's way of timing a resume.
 */
export function stopAfterFirstStep(times: ProbeTimes): PluginInstance {
  return definePlugin({
    name: "@tfjs-trainer/bench-trainer/probe",
    apply(trainer) {
      trainer.hooks.trainBegin.tapPromise("@tfjs-trainer/bench-trainer/probe", async () => {
        times.trainBegin = performance.now();
      });
      trainer.hooks.stepEnd.tapPromise("@tfjs-trainer/bench-trainer/probe", async ({ control }) => {
        times.firstStepEnd ??= performance.now();
        control.should_training_stop = true;
      });
    },
  })();
}
