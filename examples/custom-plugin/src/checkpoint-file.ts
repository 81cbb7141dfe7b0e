import { existsSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import {
  readSafetensorsFile,
  type SafetensorsContents,
  writeSafetensorsFile,
} from "@tfjs-trainer/safetensors";

/** The averaged weights' file in a checkpoint folder, under the names the weights have in model.safetensors. */
export const EMA_FILE = "ema.safetensors";

/** Metadata key holding the optimizer step the averages belong to; resume checks it against the checkpoint's. */
const STEP_KEY = "global_step";

export async function writeEmaFile(
  checkpointDir: string,
  tensors: Map<string, tf.Tensor>,
  globalStep: number,
  decay: number,
): Promise<string> {
  const path = join(checkpointDir, EMA_FILE);
  await writeSafetensorsFile(path, tensors, {
    metadata: { format: "pt", [STEP_KEY]: String(globalStep), decay: String(decay) },
  });
  return path;
}

/** The averages of a checkpoint, checked to belong to the step the run resumes at. */
export async function readEmaFile(
  path: string,
  globalStep: number,
  owner: string,
): Promise<SafetensorsContents["tensors"]> {
  if (!existsSync(path)) {
    throw new Error(
      `${owner}: resuming at step ${globalStep}, whose checkpoint state has EMA weights, but ${path} is missing`,
    );
  }
  const contents = await readSafetensorsFile(path);
  const step = contents.metadata?.[STEP_KEY];
  if (step !== String(globalStep)) {
    throw new Error(
      `${owner}: ${path} holds the averages of step ${step ?? "?"}, not of step ${globalStep} the run resumes at`,
    );
  }
  return contents.tensors;
}
