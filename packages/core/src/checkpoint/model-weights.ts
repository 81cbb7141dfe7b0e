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
 * with its shape (a checkpoint of another model fails naming the first difference); nothing is assigned unless all
 * match, so a failed load leaves the model as it was.
 */
export async function loadModelFiles(model: TrainableModel, dir: string): Promise<void> {
  const path = join(dir, MODEL_FILE);
  const { tensors } = await readSafetensorsFile(path);
  const params = model.namedParameters();
  for (const { name, variable } of params) {
    const saved = tensors.get(name);
    if (!saved) {
      const known = [...tensors.keys()].slice(0, 5).join(", ");
      throw new Error(
        `${path}: no tensor "${name}" (the checkpoint holds ${known}…): is it from another model?`,
      );
    }
    if (saved.shape.join(",") !== variable.shape.join(",")) {
      throw new Error(
        `${path}: tensor "${name}" has shape [${saved.shape.join(", ")}], the model needs [${variable.shape.join(", ")}]`,
      );
    }
  }
  for (const { name, variable } of params) {
    const saved = tensors.get(name)!;
    tf.tidy(() => variable.assign(tf.tensor(saved.data, saved.shape, variable.dtype)));
  }
}
