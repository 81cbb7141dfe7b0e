import * as tf from "@tensorflow/tfjs";
import { measure, type RunOps } from "./measure.js";
import { emit, type RowSpec } from "./row.js";
import { type ActiveVariant, activateVariant, TFJS_BACKEND, VariantUnavailable } from "./tfjs-variants.js";
import { bertStepWorkload } from "./workloads/bert-step.js";
import { bertParallelStepWorkload } from "./workloads/bert-step-parallel.js";
import { matMulWorkload } from "./workloads/matmul.js";

async function workloadFor(
  spec: RowSpec,
  active: ActiveVariant,
): Promise<{ runOps: RunOps; dispose(): void | Promise<void> }> {
  const { workload } = spec;
  if (workload.kind === "matmul") return matMulWorkload(workload.n);
  if (!active.dataParallel) return bertStepWorkload(workload.head, workload.batch, workload.seq);
  const { api, workers, backend } = active.dataParallel;
  return bertParallelStepWorkload(workload.head, workload.batch, workload.seq, api, workers, backend);
}

/** Runs one tfjs row in this process (one backend per process: tfjs's backends and kernels are global). */
export async function runTfjsRow(spec: RowSpec): Promise<void> {
  const startedAt = performance.now();
  if (spec.engine.runtime !== "tfjs") throw new Error("runTfjsRow: not a tfjs row");
  let active: ActiveVariant;
  try {
    active = await activateVariant(spec.engine.variant);
    emit({ note: active.note });
  } catch (error) {
    emit(error instanceof VariantUnavailable ? { skip: error.message } : { error: String(error) });
    return;
  }
  try {
    const { runOps, dispose } = await workloadFor(spec, active);
    await measure(runOps, { repeats: spec.repeats, budgetMs: spec.budgetMs, startedAt });
    await dispose();
  } catch (error) {
    emit({ error: (error as Error).message ?? String(error) });
  }
  // the numbers are only the variant's if tfjs did not switch backends on the way
  const expected = TFJS_BACKEND[spec.engine.variant];
  if (tf.getBackend() !== expected) emit({ error: `tfjs ran on ${tf.getBackend()}, not ${expected}` });
}
