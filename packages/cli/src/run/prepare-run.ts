import { setupBackend } from "@tfjs-trainer/backend";
import type { PreTrainedTokenizer } from "@tfjs-trainer/tokenizers";
import { Trainer } from "tfjs-trainer";
import { ConfigError } from "../config/config-error.js";
import type { LoadedConfig } from "../config/load-config.js";
import { loadSplits } from "../data/load-splits.js";
import { buildModel, pretrainedPath, readPretrainedConfig } from "../model/build-model.js";
import { type ResolvedPlugin, resolvePlugins } from "../plugins/resolve-plugins.js";
import type { PreparedTask } from "../tasks/task.js";
import { loadTokenizer } from "../tokenizer/load-tokenizer.js";
import { composePlugins } from "./compose-plugins.js";

/** Everything a command needs: the trainer, built from the config, and what the task knows about the data. */
export interface PreparedRun {
  config: LoadedConfig;
  trainer: Trainer;
  prepared: PreparedTask;
  tokenizer: PreTrainedTokenizer | undefined;
  plugins: ResolvedPlugin[];
  /** Frees the model's and the optimizer's tensors: commands also run in-process (tests, programs calling main). */
  dispose(): void;
}

/**
 * From a loaded config to a Trainer, in the order that fails fastest on mistakes: plugins (names, options), data
 * files and columns, backend, tokenizer, the task's features, then the model.
 */
export async function prepareRun(config: LoadedConfig, log: (message: string) => void): Promise<PreparedRun> {
  const { task, file, baseDir, args } = config;
  const plugins = await resolvePlugins(config.plugins, file);
  const splits = await loadSplits(config.data, baseDir, file, (split) =>
    task.requiredColumns(config.data, split),
  );
  await setupBackend(args.backend, log);
  const pretrainedConfig = await readPretrainedConfig(config.model, baseDir, file);
  const tokenizer = await loadTokenizer(task, config.data, splits, {
    section: config.tokenizer,
    modelPath: pretrainedPath(config.model, baseDir),
    baseDir,
    configFile: file,
  });
  const prepared = await task
    .prepare({ data: config.data, splits, tokenizer, args, pretrainedConfig, log })
    .catch((error: unknown) => {
      throw asDataError(error, file, task.name);
    });
  const model = await buildModel(task, prepared, {
    section: config.model,
    baseDir,
    configFile: file,
    seed: args.seed,
    log,
  });
  const trainer = new Trainer({
    model,
    args,
    trainDataset: prepared.train,
    evalDataset: prepared.validation,
    dataCollator: prepared.dataCollator,
    computeMetrics: prepared.computeMetrics,
    preprocessLogitsForMetrics: prepared.preprocessLogitsForMetrics,
    plugins: composePlugins(Trainer.defaultPlugins, prepared.plugins ?? [], plugins),
    logger: log,
  });
  return {
    config,
    trainer,
    prepared,
    tokenizer,
    plugins,
    dispose: () => {
      // the optimizer's state (Adam's moments) lives as long as the trainer, which a command does not outlive
      trainer.optimizer?.dispose();
      model.dispose?.();
    },
  };
}

/**
 * What a task throws while it reads and encodes the rows (a label it does not know, a column of the wrong type, text
 * too short for a block) is a mistake in the data the config names: a plain Error becomes a ConfigError on `data`,
 * printed as one line that names the config and the task. Other errors (TypeError and kin) are bugs and keep their
 * stack.
 */
function asDataError(error: unknown, file: string, taskName: string): unknown {
  // a task's own ConfigError names the data field or file it read, not the config: it gains the config's name too
  const fromData =
    error instanceof ConfigError
      ? error.file !== file
      : error instanceof Error && error.constructor === Error;
  if (!fromData) return error;
  return new ConfigError(file, "data", `task "${taskName}": ${(error as Error).message}`);
}
