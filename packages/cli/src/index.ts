export { evaluateCommand } from "./commands/evaluate.js";
export { predictCommand } from "./commands/predict.js";
export { configJsonSchema } from "./commands/schema.js";
export { trainCommand } from "./commands/train.js";
export { ConfigError } from "./config/config-error.js";
export { type LoadedConfig, loadConfig } from "./config/load-config.js";
export { type Override, parseOverrides } from "./config/overrides.js";
export { main } from "./main.js";
export { discoverInstalledPlugins, PLUGIN_KEYWORD } from "./plugins/discover-plugins.js";
export { type ResolvedPlugin, resolvePlugins } from "./plugins/resolve-plugins.js";
export { type PreparedRun, prepareRun } from "./run/prepare-run.js";
export { allTasks, taskByName, taskNames } from "./tasks/registry.js";
export {
  defineTask,
  type PreparedTask,
  type RawSplits,
  type Row,
  type Task,
  type TaskContext,
} from "./tasks/task.js";
