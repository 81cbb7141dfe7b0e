import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { readSafetensorsFile, writeSafetensorsFile } from "@tfjs-trainer/safetensors";
import type { TrainableModel } from "../model/contract.js";
import { writeFileDurable } from "./atomic-dir.js";
import { CONFIG_FILE, MODEL_FILE } from "./file-names.js";

/** HF's save_model: the model's own savePretrained, else its named variables + config.json. */
export async function saveModelFiles(model: TrainableModel, dir: string): Promise<void> {
  if (model.savePretrained) {
    await model.savePretrained(dir);
    return;
  }
  const tensors = Object.fromEntries(model.namedParameters().map((p) => [p.name, p.variable as tf.Tensor]));
  await writeSafetensorsFile(join(dir, MODEL_FILE), tensors);
  if (model.config)
    await writeFileDurable(join(dir, CONFIG_FILE), `${JSON.stringify(model.config, null, 2)}\n`);
}

/**
 * Loads `model.safetensors` of a folder into the model's variables, by HF name. Every parameter must be present
 * with its shape: a checkpoint of another model fails naming the file and the first tensors that differ (expected
 * against found); nothing is assigned unless all match, so a failed load leaves the model as it was.
 */
export async function loadModelFiles(model: TrainableModel, dir: string): Promise<void> {
  const assign = await readModelFiles(model, dir);
  assign();
}

/**
 * The reading and checking half of {@link loadModelFiles}: resolves to the function that assigns the weights, so a
 * resume can check every file of a checkpoint before it changes anything.
 */
export async function readModelFiles(model: TrainableModel, dir: string): Promise<() => void> {
  const path = join(dir, MODEL_FILE);
  const { tensors } = await readSafetensorsFile(path);
  const params = model.namedParameters();
  const problems: string[] = [];
  for (const { name, variable } of params) {
    const saved = tensors.get(name);
    if (!saved) problems.push(`no tensor "${name}" (the model needs [${variable.shape.join(", ")}])`);
    else if (saved.shape.join(",") !== variable.shape.join(",")) {
      problems.push(
        `tensor "${name}" is [${saved.shape.join(", ")}], the model needs [${variable.shape.join(", ")}]`,
      );
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MISMATCHES_SHOWN).join("; ");
    const more = problems.length > MISMATCHES_SHOWN ? `; and ${problems.length - MISMATCHES_SHOWN} more` : "";
    const holds = [...tensors.keys()].slice(0, 3).join(", ");
    throw new Error(
      `${path} does not fit ${model.modelClass ?? "the model"} (a checkpoint of another model?): ${shown}${more}. ` +
        `The file holds ${tensors.size} tensors (${holds}${tensors.size > 3 ? ", …" : ""}).`,
    );
  }
  return () => {
    for (const { name, variable } of params) {
      const saved = tensors.get(name)!;
      tf.tidy(() => variable.assign(tf.tensor(saved.data, saved.shape, variable.dtype)));
    }
  };
}

/** Differences listed in the error, so a wrong architecture shows its pattern without a wall of names. */
const MISMATCHES_SHOWN = 3;
