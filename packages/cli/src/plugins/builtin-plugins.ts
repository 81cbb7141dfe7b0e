import qa from "@tfjs-trainer/plugin-qa";
import seq2seq from "@tfjs-trainer/plugin-seq2seq";
import type { PluginFactory } from "tfjs-trainer";
import { checkpointRotation, defaultFlow, earlyStopping, progress, tensorboard, wandb } from "tfjs-trainer";

/** The plugins that ship with tfjs-trainer, by the short name a config may use (the package name works too). */
export const BUILTIN_PLUGINS: Readonly<Record<string, PluginFactory>> = {
  "default-flow": defaultFlow,
  progress,
  "early-stopping": earlyStopping,
  "checkpoint-rotation": checkpointRotation,
  tensorboard,
  wandb,
  seq2seq,
  qa,
};

/** The built-in plugin a name means: its short name or its package name. */
export function builtinPlugin(name: string): PluginFactory | undefined {
  return (
    BUILTIN_PLUGINS[name] ?? Object.values(BUILTIN_PLUGINS).find((factory) => factory.pluginName === name)
  );
}
