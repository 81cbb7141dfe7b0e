import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import type { TrainingArguments } from "@tfjs-trainer/core";
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

/**
 * Plugin state reaches `loadState` without the folder it was read from, so the file is looked for where the
 * checkpoint can be: the folder `resume_from_checkpoint` names, else output_dir/checkpoint-<global_step> (where
 * `resume_from_checkpoint: true` resumes from). Only a file written at this very step is taken.
 */
export async function readEmaFileForResume(
  args: TrainingArguments,
  globalStep: number,
  fileName: string,
  owner: string,
): Promise<{ path: string; tensors: SafetensorsContents["tensors"] }> {
  const folders = [
    typeof args.resume_from_checkpoint === "string" ? resolve(args.resume_from_checkpoint) : undefined,
    join(args.output_dir, `checkpoint-${globalStep}`),
  ].filter((folder): folder is string => folder !== undefined);
  const looked: string[] = [];
  for (const folder of folders) {
    const path = join(folder, fileName);
    if (!existsSync(path)) {
      looked.push(`${path} (missing)`);
      continue;
    }
    const contents = await readSafetensorsFile(path);
    const step = contents.metadata?.[STEP_KEY];
    if (step === String(globalStep)) return { path, tensors: contents.tensors };
    looked.push(`${path} (written at step ${step ?? "?"})`);
  }
  throw new Error(
    `${owner}: resuming at step ${globalStep}, whose checkpoint state has EMA weights, but no ${fileName} of that ` +
      `step was found: ${looked.join("; ")}. Name the checkpoint folder in resume_from_checkpoint; a checkpoint ` +
      `without the file was cut off while saving: resume from the one before.`,
  );
}
