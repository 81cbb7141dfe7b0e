import { dirname, resolve } from "node:path";
import { ArgumentError, ArgumentParser, readConfigFile, TrainingArguments } from "tfjs-trainer";
import { z } from "zod";
import { type Task, taskByName, taskNames } from "../tasks/registry.js";
import { ConfigError } from "./config-error.js";
import {
  dataBaseShape,
  type ModelSection,
  modelSectionSchema,
  type PluginEntry,
  pluginEntrySchema,
  SECTION_KEYS,
  type TokenizerSection,
  tokenizerSectionSchema,
} from "./config-schema.js";
import type { Override } from "./overrides.js";
import { didYouMean } from "./suggest.js";
import { configErrorFromZod } from "./zod-issues.js";

/** A config file with its overrides applied and every section validated. */
export interface LoadedConfig {
  /** The config file as given (messages name it this way). */
  file: string;
  /** Relative paths in the config (data, model, tokenizer) are read from here. */
  baseDir: string;
  task: Task;
  model: ModelSection;
  tokenizer: TokenizerSection | undefined;
  data: Record<string, unknown> & z.output<z.ZodObject<typeof dataBaseShape>>;
  plugins: PluginEntry[];
  args: TrainingArguments;
}

/**
 * Reads a YAML/JSON config, applies `--a.b value` overrides, and validates it: `task`, the `model`, `tokenizer`
 * and `data` sections, `plugins`, and every other top-level key as a TrainingArguments field (HF's flat recipe).
 * Plugins are only checked for shape here; their options are checked when they are resolved.
 */
export function loadConfig(file: string, overrides: readonly Override[] = []): LoadedConfig {
  const raw = readConfigFile(file);
  const overridden = new Set<string>();
  for (const { path, value } of overrides) {
    setPath(raw, path, value, file);
    overridden.add(path[0]);
  }
  const taskName = raw.task;
  if (typeof taskName !== "string") {
    throw new ConfigError(file, "task", `required: one of ${taskNames().join(", ")}`);
  }
  const task = taskByName(taskName);
  if (!task) {
    throw new ConfigError(
      file,
      "task",
      `unknown task "${taskName}"${didYouMean(taskName, taskNames())} (tasks: ${taskNames().join(", ")})`,
    );
  }
  const model = parseSection(modelSectionSchema, raw.model ?? {}, file, "model");
  const tokenizer =
    raw.tokenizer === undefined || raw.tokenizer === null
      ? undefined
      : parseSection(tokenizerSectionSchema, raw.tokenizer, file, "tokenizer");
  const dataSchema = z.object(dataBaseShape).extend(task.dataSchema.shape).strict();
  const data = parseSection(dataSchema, raw.data ?? {}, file, "data");
  const plugins = parseSection(z.array(pluginEntrySchema), raw.plugins ?? [], file, "plugins");
  const argValues = Object.fromEntries(
    Object.entries(raw).filter(([key]) => !(SECTION_KEYS as readonly string[]).includes(key)),
  );
  return {
    file,
    baseDir: dirname(resolve(file)),
    task,
    model,
    tokenizer,
    data,
    plugins,
    args: parseTrainingArguments(argValues, file, overridden, task.trainingArguments ?? TrainingArguments),
  };
}

function parseSection<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file: string,
  name: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const shape = schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : undefined;
  throw configErrorFromZod(result.error, file, name, shape);
}

/** TrainingArguments through core's parser (types, rules between fields, misspelt names with a suggestion). */
function parseTrainingArguments(
  values: Record<string, unknown>,
  file: string,
  overridden: ReadonlySet<string>,
  argumentsClass: typeof TrainingArguments,
): TrainingArguments {
  const parser = new ArgumentParser({ training: argumentsClass });
  try {
    return parser.parseDict(values, file).training;
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    if (error.field && overridden.has(error.field)) {
      throw new ConfigError("command line", `--${error.field}`, error.detail);
    }
    const sections = ` (sections: ${SECTION_KEYS.join(", ")}; other keys are TrainingArguments)`;
    const detail =
      error.detail.startsWith("unknown field") && !error.suggestion ? error.detail + sections : error.detail;
    throw new ConfigError(file, error.field, detail);
  }
}

/** Sets `path` in a parsed config; `plugins.<name>.<option>` reaches the options of the plugin entry with that name. */
function setPath(
  target: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  file: string,
): void {
  if (path[0] === "plugins" && path.length >= 2) {
    setPluginOption(target, path.slice(1), value, file);
    return;
  }
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null) node[key] = {};
    else if (typeof next !== "object" || Array.isArray(next)) {
      throw new ConfigError("command line", `--${path.join(".")}`, `"${key}" is not a section in ${file}`);
    }
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function setPluginOption(
  target: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  file: string,
): void {
  const [name, ...optionPath] = path;
  if (target.plugins === undefined || target.plugins === null) target.plugins = [];
  const plugins = target.plugins as unknown[];
  if (!Array.isArray(plugins)) throw new ConfigError(file, "plugins", "must be a list");
  let index = plugins.findIndex((entry) => (Array.isArray(entry) ? entry[0] : entry) === name);
  if (index < 0) {
    plugins.push(name);
    index = plugins.length - 1;
  }
  if (optionPath.length === 0) return;
  const entry = plugins[index];
  const options = Array.isArray(entry) ? { ...(entry[1] as object) } : {};
  setPath(options as Record<string, unknown>, optionPath, value, file);
  plugins[index] = [name, options];
}
