import { HelpRequested } from "tfjs-trainer";
import { evaluateCommand } from "./commands/evaluate.js";
import { pluginsCommand } from "./commands/plugins.js";
import { predictCommand } from "./commands/predict.js";
import { configJsonSchema } from "./commands/schema.js";
import { trainCommand } from "./commands/train.js";
import { ConfigError } from "./config/config-error.js";
import { loadConfig } from "./config/load-config.js";
import { parseOverrides } from "./config/overrides.js";
import { allTasks } from "./tasks/registry.js";

const USAGE = `usage: tfjs-trainer <command> [options]

commands:
  train    --config FILE [--field value ...]   train, save, then evaluate on the validation split
  evaluate --config FILE [--field value ...]   evaluate the model the config names
  predict  --config FILE [--field value ...]   predict the test split and write the predictions file
  schema   [--dir DIR]                          print the JSON Schema of a config (plugins installed in DIR)
  plugins  [--dir DIR]                          list the plugins a config in DIR can name

Overrides: --learning_rate 1e-4 sets a TrainingArguments field; dotted names reach sections:
--data.max_seq_length 64, --model.name_or_path out/, --plugins.tensorboard.log_dir runs.`;

const COMMANDS = {
  train: trainCommand,
  evaluate: evaluateCommand,
  predict: predictCommand,
} as const;

/**
 * The CLI: returns the exit code. Mistakes in the config (ConfigError, argument errors) print one line naming the
 * file, the field and the plugin, without a stack; anything else prints its stack, since it is a bug to report.
 */
export async function main(
  argv: readonly string[],
  print = (line: string) => console.log(line),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      print(
        `${USAGE}\n\ntasks: ${allTasks()
          .map((t) => `${t.name} (${t.hfScript})`)
          .join(", ")}`,
      );
      return command === undefined ? 1 : 0;
    }
    if (command === "schema" || command === "plugins") {
      const dir = optionValue(rest, "--dir") ?? process.cwd();
      if (command === "plugins") pluginsCommand(dir, print);
      else print(JSON.stringify(await configJsonSchema(dir), null, 2));
      return 0;
    }
    const run = COMMANDS[command as keyof typeof COMMANDS];
    if (!run) {
      process.stderr.write(`tfjs-trainer: unknown command "${command}"\n\n${USAGE}\n`);
      return 2;
    }
    const { configFile, overrides } = splitConfigArgument(rest);
    await run(loadConfig(configFile, parseOverrides(overrides)), print);
    return 0;
  } catch (error) {
    if (error instanceof HelpRequested) {
      print(error.message);
      return 0;
    }
    if (isUserError(error)) {
      process.stderr.write(`tfjs-trainer: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

function splitConfigArgument(args: readonly string[]): { configFile: string; overrides: string[] } {
  const index = args.findIndex((arg) => arg === "--config" || arg.startsWith("--config="));
  if (index < 0) throw new ConfigError("command line", "--config", "required: the YAML or JSON config file");
  const arg = args[index];
  const configFile = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[index + 1];
  if (!configFile || configFile.startsWith("--")) {
    throw new ConfigError("command line", "--config", "needs a file path");
  }
  const taken = arg.includes("=") ? 1 : 2;
  return { configFile, overrides: [...args.slice(0, index), ...args.slice(index + taken)] };
}

function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** Errors about what the user gave, as opposed to bugs: printed as one line. */
function isUserError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return [
    "ConfigError",
    "ArgumentError",
    "PluginOptionsError",
    "BackendUnavailableError",
    "TokenizerError",
  ].includes(error.name);
}
