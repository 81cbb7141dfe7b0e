import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as tf from "@tensorflow/tfjs";
import type { ModelSource } from "./protocol.js";

/**
 * What a worker needs of a model: the trainer's model contract (`@tfjs-trainer/core`'s TrainableModel), reduced to
 * what computing gradients uses. Any model the trainer can train fits.
 */
export interface GradientModel {
  forward(
    inputs: Record<string, tf.Tensor>,
    options: { training: boolean; numItemsInBatch?: number; seed?: number },
  ): { loss?: tf.Tensor };
  namedParameters(): { name: string; variable: tf.Variable }[];
  readonly acceptsLossKwargs?: boolean;
  dispose?(): void;
}

/**
 * The module as the worker will import it. Paths become file URLs; a relative one is taken from the main thread's
 * working directory (the worker would otherwise resolve it from its own file, deep in node_modules). Package names
 * and URLs are left for the worker to resolve.
 */
export function resolveModuleSpecifier(module: string, cwd = process.cwd()): string {
  if (module.startsWith("./") || module.startsWith("../")) return pathToFileURL(resolve(cwd, module)).href;
  return isAbsolute(module) ? pathToFileURL(module).href : module;
}

/** Imports the source's module and calls its factory (see ModelSource). */
export async function loadModel(source: ModelSource): Promise<GradientModel> {
  const exportName = source.exportName ?? "default";
  const imported = (await import(resolveModuleSpecifier(source.module))) as Record<string, unknown>;
  const factory = imported[exportName];
  if (typeof factory !== "function") {
    throw new Error(`${source.module} has no function export "${exportName}" to build the model with`);
  }
  const model = (await factory(...(source.args ?? []))) as Partial<GradientModel> | undefined;
  if (typeof model?.forward !== "function" || typeof model.namedParameters !== "function") {
    throw new Error(
      `${source.module}#${exportName} did not return a model (an object with forward and namedParameters)`,
    );
  }
  return model as GradientModel;
}
