import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, ModelOutput, NamedParameter, TrainableModel } from "@tfjs-trainer/core";
import { type HFConfig, readConfig } from "./config.js";
import { keepFloatFields, stringifyConfigJson, writeJsonFile } from "./config-json.js";
import { type LoadReport, ParameterStore } from "./parameter-store.js";

export interface LoadOptions {
  /** Seed of the initialisation of weights the checkpoint lacks (a new head). */
  seed?: number;
  /** Where warnings (missing / unexpected weights) go; default console.warn. */
  warn?: (message: string) => void;
}

/**
 * What every model shares: an HF config, its weights under HF names, config.json + model.safetensors in and out.
 * Subclasses declare their weights in the constructor (through `params`) and implement `forward`.
 */
export abstract class PreTrainedModel<C extends HFConfig = HFConfig> implements TrainableModel {
  readonly params: ParameterStore;
  /** The architecture name HF knows (written to config.json's `architectures`). */
  abstract readonly modelClass: string;
  abstract readonly inputNames: readonly string[];
  /** Prefix of the base model's weights (`bert`, `transformer`, `model`), for loading a base checkpoint into a head. */
  readonly basePrefix?: string;

  constructor(
    readonly config: C,
    seed = 0,
  ) {
    this.params = new ParameterStore(seed);
  }

  abstract forward(inputs: Record<string, tf.Tensor>, options: ForwardOptions): ModelOutput;

  namedParameters(): NamedParameter[] {
    return this.params.named();
  }

  /** The weight under its HF name (aliases of tied weights included). */
  weight(name: string): tf.Variable {
    return this.params.get(name);
  }

  /** config.json (HF names, this architecture) and model.safetensors (tied weights once), as save_pretrained. */
  async savePretrained(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    const config = keepFloatFields({ ...this.config, architectures: [this.modelClass] }, this.config);
    await writeJsonFile(join(dir, "config.json"), stringifyConfigJson(config));
    await this.params.save(join(dir, "model.safetensors"));
  }

  /** Loads model.safetensors of a folder into this model; reports weights missing from or unknown to it. */
  async loadWeights(dir: string, warn: (message: string) => void = console.warn): Promise<LoadReport> {
    const report = await this.params.load(join(dir, "model.safetensors"), this.basePrefix);
    if (report.missing.length > 0) {
      warn(`${this.modelClass}: weights not in ${dir}, newly initialised: ${report.missing.join(", ")}`);
    }
    if (report.unexpected.length > 0) {
      warn(`${this.modelClass}: weights in ${dir} the model does not use: ${report.unexpected.join(", ")}`);
    }
    return report;
  }

  dispose(): void {
    this.params.dispose();
  }
}

export type ModelConstructor = new (config: HFConfig, seed?: number) => PreTrainedModel;

const ARCHITECTURES = new Map<string, ModelConstructor>();
const DEFAULT_BY_TYPE = new Map<string, string>();

/** Makes an architecture loadable by name (from config.json's `architectures`) and, optionally, as its type's default. */
export function registerArchitecture(name: string, ctor: ModelConstructor, modelType?: string): void {
  ARCHITECTURES.set(name, ctor);
  if (modelType && !DEFAULT_BY_TYPE.has(modelType)) DEFAULT_BY_TYPE.set(modelType, name);
}

export function architectureFor(config: HFConfig, source: string, requested?: string): ModelConstructor {
  const name =
    requested ??
    config.architectures?.find((a) => ARCHITECTURES.has(a)) ??
    (config.model_type ? DEFAULT_BY_TYPE.get(config.model_type) : undefined);
  const ctor = name ? ARCHITECTURES.get(name) : undefined;
  if (!ctor) {
    throw new Error(
      `${source}: no architecture for ${JSON.stringify(config.architectures ?? config.model_type)} ` +
        `(known: ${[...ARCHITECTURES.keys()].join(", ")})`,
    );
  }
  return ctor;
}

/**
 * HF's from_pretrained: reads config.json, builds the architecture it names (or `architecture`, to put another head
 * on the same weights), and loads model.safetensors into it.
 */
export async function fromPretrained<M extends PreTrainedModel = PreTrainedModel>(
  dir: string,
  options: LoadOptions & { architecture?: string } = {},
): Promise<M> {
  const config = await readConfig(dir);
  const Ctor = architectureFor(config, join(dir, "config.json"), options.architecture);
  const model = new Ctor(config, options.seed ?? 0);
  try {
    await model.loadWeights(dir, options.warn);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model as M;
}
