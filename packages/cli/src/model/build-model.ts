import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { architectureFor, type HFConfig, readConfig } from "@tfjs-trainer/models";
import { loadModelFiles, type TrainableModel } from "tfjs-trainer";
import { ConfigError } from "../config/config-error.js";
import type { ModelSection } from "../config/config-schema.js";
import type { PreparedTask, Task } from "../tasks/task.js";

export interface ModelSources {
  section: ModelSection;
  baseDir: string;
  configFile: string;
  seed: number;
  log(message: string): void;
}

/** The checkpoint folder the model starts from, if the config names one. */
export function pretrainedPath(section: ModelSection, baseDir: string): string | undefined {
  return section.name_or_path === undefined ? undefined : resolve(baseDir, section.name_or_path);
}

/** The config.json of the checkpoint the run starts from (labels, sizes), read before the data is prepared. */
export async function readPretrainedConfig(
  section: ModelSection,
  baseDir: string,
  configFile: string,
): Promise<HFConfig | undefined> {
  const path = pretrainedPath(section, baseDir);
  if (path === undefined) return undefined;
  try {
    return await readConfig(path);
  } catch (error) {
    throw new ConfigError(configFile, "model.name_or_path", (error as Error).message);
  }
}

/**
 * HF's `from_pretrained` when the config names a checkpoint folder (the task's head on its weights), else the
 * architecture built from scratch with its config fields and what the task took from the data (labels, vocab size).
 */
export async function buildModel(
  task: Task,
  prepared: PreparedTask,
  sources: ModelSources,
): Promise<TrainableModel> {
  const { section, baseDir, configFile, seed } = sources;
  const architecture = section.architecture ?? task.defaultArchitecture;
  const path = pretrainedPath(section, baseDir);
  if (path !== undefined) {
    return prepared.buildModel
      ? loadTaskModel(path, architecture, prepared, sources)
      : loadPretrained(path, architecture, prepared, sources);
  }
  const fields = await configFields(section, baseDir, configFile);
  const config: HFConfig = { ...fields, ...prepared.modelConfig, architectures: [architecture] };
  if (prepared.buildModel) {
    try {
      return await prepared.buildModel(config, seed);
    } catch (error) {
      throw new ConfigError(configFile, "model.config", (error as Error).message);
    }
  }
  let Ctor: ReturnType<typeof architectureFor>;
  try {
    Ctor = architectureFor(config, configFile);
  } catch (error) {
    throw new ConfigError(configFile, "model.architecture", (error as Error).message);
  }
  try {
    return new Ctor(config, seed);
  } catch (error) {
    throw new ConfigError(configFile, "model.config", (error as Error).message);
  }
}

/** Labels come from the data (as run_glue passes num_labels to from_pretrained); sizes from the checkpoint. */
const LABEL_FIELDS = ["num_labels", "id2label", "label2id"];

async function loadPretrained(
  path: string,
  architecture: string,
  prepared: PreparedTask,
  { configFile, seed, log }: ModelSources,
): Promise<TrainableModel> {
  try {
    const checkpointConfig = await readConfig(path);
    const labels = Object.fromEntries(
      Object.entries(prepared.modelConfig).filter(([key]) => LABEL_FIELDS.includes(key)),
    );
    const config: HFConfig = { ...checkpointConfig, ...labels };
    const Ctor = architectureFor(config, join(path, "config.json"), architecture);
    const model = new Ctor(config, seed);
    try {
      await model.loadWeights(path, log);
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model;
  } catch (error) {
    throw new ConfigError(configFile, "model.name_or_path", (error as Error).message);
  }
}

/**
 * A model the task builds itself (a tfjs-layers model) from a folder the trainer saved it in: built from that
 * config.json (labels from the data, as above), then model.safetensors loaded by parameter name.
 */
async function loadTaskModel(
  path: string,
  architecture: string,
  prepared: PreparedTask,
  { configFile, seed }: ModelSources,
): Promise<TrainableModel> {
  const configPath = join(path, "config.json");
  let model: TrainableModel;
  try {
    const checkpointConfig = await readConfig(path);
    const labels = Object.fromEntries(
      Object.entries(prepared.modelConfig).filter(([key]) => LABEL_FIELDS.includes(key)),
    );
    const config = { ...checkpointConfig, ...labels, architectures: [architecture] };
    model = await prepared.buildModel!(config, seed);
  } catch (error) {
    throw new ConfigError(configFile, "model.name_or_path", `${configPath}: ${(error as Error).message}`);
  }
  try {
    await loadModelFiles(model, path);
  } catch (error) {
    model.dispose?.();
    throw new ConfigError(configFile, "model.name_or_path", (error as Error).message);
  }
  return model;
}

async function configFields(section: ModelSection, baseDir: string, configFile: string): Promise<HFConfig> {
  if (section.config === undefined) return {};
  if (typeof section.config === "object") return section.config as HFConfig;
  const path = resolve(baseDir, section.config);
  try {
    return JSON.parse(await readFile(path, "utf8")) as HFConfig;
  } catch (error) {
    throw new ConfigError(configFile, "model.config", `cannot read ${path}: ${(error as Error).message}`);
  }
}
