import type { PluginSpec } from "@tfjs-trainer/core";
import checkpointRotation from "@tfjs-trainer/plugin-checkpoint-rotation";
import earlyStopping from "@tfjs-trainer/plugin-early-stopping";
import progress from "@tfjs-trainer/plugin-progress";
import tensorboard from "@tfjs-trainer/plugin-tensorboard";
import { Trainer as TrainerWithDefaults } from "tfjs-trainer";
import { terminalSink } from "./terminal-sink.js";

const nameOf = (spec: PluginSpec) => (typeof spec === "function" ? spec.pluginName : spec.name);

/**
 * The plugins `tfjs-trainer`'s Trainer installs when none are named (read from it, so the bench follows when they
 * change), with the progress plugin drawing its bars on a terminal that shows nothing.
 */
export function defaultPlugins(): PluginSpec[] {
  return TrainerWithDefaults.defaultPlugins.map((spec) =>
    nameOf(spec) === progress.pluginName ? progress({ stream: terminalSink() }) : spec,
  );
}

/** The defaults plus TensorBoard, early stopping and checkpoint rotation. */
export function allFourPlugins(logDir: string): PluginSpec[] {
  return [
    ...defaultPlugins(),
    tensorboard({ log_dir: logDir }),
    earlyStopping({ patience: 3 }),
    checkpointRotation,
  ];
}

export function pluginNames(plugins: PluginSpec[]): string[] {
  return plugins.map(nameOf);
}
