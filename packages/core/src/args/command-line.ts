import { ArgumentError, COMMAND_LINE } from "./argument-error.js";

/** One `--name [values...]` occurrence. `values` is null for a bare flag (`--do_train`). */
export interface CommandLineFlag {
  readonly name: string;
  readonly values: readonly string[] | null;
}

export interface TokenizedCommandLine {
  /** A leading .json/.yaml/.yml path: HF's `python run.py config.yaml --key value` form. */
  readonly configFile: string | undefined;
  readonly flags: readonly CommandLineFlag[];
  readonly helpRequested: boolean;
}

const CONFIG_FILE = /\.(json|ya?ml)$/i;

export function isConfigFilePath(token: string): boolean {
  return !token.startsWith("-") && CONFIG_FILE.test(token);
}

const isFlag = (token: string) => token.startsWith("--") || token === "-h";

/**
 * Splits argv (without the node and script paths) into flags and their values. A value is any token that does not
 * start with "--", so negative numbers (`--max_steps -1`) are values; a flag's values run up to the next flag, which
 * gives lists as repeated values (`--report_to tensorboard wandb`).
 */
export function tokenizeCommandLine(
  argv: readonly string[],
  options: { allowConfigFile: boolean },
): TokenizedCommandLine {
  let index = 0;
  let configFile: string | undefined;
  if (options.allowConfigFile && argv.length > 0 && isConfigFilePath(argv[0])) {
    configFile = argv[0];
    index = 1;
  }
  const flags: CommandLineFlag[] = [];
  let helpRequested = false;
  while (index < argv.length) {
    const token = argv[index];
    if (token === "--help" || token === "-h") {
      helpRequested = true;
      index += 1;
      continue;
    }
    if (!token.startsWith("--") || token === "--") {
      const why = isConfigFilePath(token)
        ? " (a config file must be the first argument, and only one is read)"
        : " (values follow a --flag)";
      throw new ArgumentError({
        detail: `unexpected argument "${token}"${why}`,
        received: token,
        source: COMMAND_LINE,
      });
    }
    index += 1;
    const body = token.slice(2);
    const equals = body.indexOf("=");
    if (equals >= 0) {
      flags.push({ name: body.slice(0, equals), values: [body.slice(equals + 1)] });
      continue;
    }
    const values: string[] = [];
    while (index < argv.length && !isFlag(argv[index])) {
      values.push(argv[index]);
      index += 1;
    }
    flags.push({ name: body, values: values.length > 0 ? values : null });
  }
  return { configFile, flags, helpRequested };
}
