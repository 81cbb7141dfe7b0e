import * as tf from "@tensorflow/tfjs";
import { setupBackend } from "@tfjs-trainer/backend";
import type { StepsCase } from "../case-spec.js";
import { report } from "../protocol.js";
import { perStep, type StepStamp, stamp } from "../step-time.js";
import { stepWorkload } from "../workloads/step-workloads.js";
import { runHandLoop } from "./hand-loop.js";
import { runTrainerSteps } from "./trainer-steps.js";

/**
 * One timed run of a step comparison, in this fresh process: throwaway runs of the same runner for `warmupMs`
 * (until the hot wasm kernels and JS are optimised), then the measured run: warm-up steps, then the timed ones.
 */
export async function runStepsCase(spec: StepsCase): Promise<void> {
  await setupBackend("wasm");
  const workload = stepWorkload(spec.workload);
  const totalSteps = spec.warmup + spec.steps + 1;
  const tensorsBefore = tf.memory().numTensors;
  const run = async (): Promise<StepStamp[]> => {
    if (spec.runner !== "hand") return runTrainerSteps(workload, spec.runner, totalSteps);
    const starts: StepStamp[] = [];
    await runHandLoop(workload, totalSteps, () => starts.push(stamp()));
    return starts;
  };
  const warmUntil = performance.now() + spec.warmupMs;
  while (performance.now() < warmUntil) await run();
  const starts = await run();
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) report({ note: `${leaked} tensors left after the run (model and optimizer disposed)` });
  const { wallMs, cpuMs } = perStep(starts, spec.warmup, spec.steps);
  report({ run: { msPerStep: wallMs, cpuMsPerStep: cpuMs } });
}
