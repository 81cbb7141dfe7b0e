import { ArgumentError, COMMAND_LINE } from "./argument-error.js";
import type { ArgumentGroup, ArgumentGroupValue } from "./argument-group.js";
import { coerceFlagValues } from "./coerce-flag-values.js";
import { type CommandLineFlag, tokenizeCommandLine } from "./command-line.js";
import { readConfigFile } from "./config-file.js";
import { acceptsType, type FieldSpec, fieldSpecsOf } from "./field-spec.js";
import { formatHelp, HelpRequested } from "./help.js";
import { unknownFieldError } from "./validate-fields.js";
import type { WarningHandler } from "./warnings.js";

export type ArgumentGroups = Record<string, ArgumentGroup<unknown>>;

/** The parser's result: each group's value under the key the group was given. */
export type ParsedArguments<G extends ArgumentGroups> = { [K in keyof G]: ArgumentGroupValue<G[K]> };

export interface ArgumentParserOptions {
  /** The program name in the help's usage line. */
  programName?: string;
  /** Where groups send warnings (default: printed once each). */
  onWarning?: WarningHandler;
}

interface FieldOwner {
  readonly group: string;
  /** Undefined for a name the group accepts and ignores. */
  readonly spec: FieldSpec | undefined;
}

/**
 * HfArgumentParser's role: fills named argument groups from command-line flags, a JSON or YAML config, or a config
 * plus flags on top. Each field goes to the group that declares it; a name no group declares is an error naming
 * the closest valid one.
 *
 * ```ts
 * const parser = new ArgumentParser({ model: defineArgumentGroup("ModelArguments", modelSchema), training: TrainingArguments });
 * const { model, training } = parser.parseCommandLine(process.argv.slice(2));
 * ```
 */
export class ArgumentParser<G extends ArgumentGroups> {
  readonly #groups: G;
  readonly #options: ArgumentParserOptions;
  readonly #owners = new Map<string, FieldOwner>();
  /** Every accepted name, declared fields first so they win ties when suggesting a name. */
  readonly #knownNames: string[] = [];
  /** The same, plus the `no_` flags of booleans that default to true. */
  readonly #knownFlagNames: string[] = [];

  constructor(groups: G, options: ArgumentParserOptions = {}) {
    this.#groups = groups;
    this.#options = options;
    const deprecatedNames: string[] = [];
    const negatedFlags: string[] = [];
    for (const [key, group] of Object.entries(groups)) {
      for (const spec of fieldSpecsOf(group.schema).values()) {
        const previous = this.#owners.get(spec.name);
        if (previous) {
          throw new Error(
            `field "${spec.name}" is declared by two argument groups: ${groups[previous.group].groupName} and ${group.groupName}`,
          );
        }
        this.#owners.set(spec.name, { group: key, spec });
        (spec.deprecated ? deprecatedNames : this.#knownNames).push(spec.name);
        if (spec.defaultValue === true && acceptsType(spec.schema, "boolean"))
          negatedFlags.push(`no_${spec.name}`);
      }
    }
    // Ignored names come second: a field declared by any group wins over a name another group ignores.
    for (const [key, group] of Object.entries(groups)) {
      for (const name of group.ignoredFieldNames ?? []) {
        if (!this.#owners.has(name)) {
          this.#owners.set(name, { group: key, spec: undefined });
          this.#knownNames.push(name);
        }
      }
    }
    this.#knownNames.push(...deprecatedNames);
    this.#knownFlagNames.push(...this.#knownNames, ...negatedFlags);
  }

  /**
   * Parses argv without the node and script paths (`process.argv.slice(2)`). A first argument ending in .json,
   * .yaml or .yml is read as a config, and the flags after it override its values.
   * @throws {HelpRequested} for --help or -h.
   */
  parseCommandLine(argv: readonly string[]): ParsedArguments<G> {
    const commandLine = tokenizeCommandLine(argv, { allowConfigFile: true });
    if (commandLine.helpRequested) throw new HelpRequested(this.formatHelp());
    const file = commandLine.configFile;
    return this.#parse(file === undefined ? undefined : readConfigFile(file), file, commandLine.flags);
  }

  /**
   * Reads a JSON or YAML config, then applies command-line style overrides on top (`["--learning_rate", "1e-4"]`).
   * @throws {HelpRequested} for --help or -h among the overrides.
   */
  parseFile(path: string, overrides: readonly string[] = []): ParsedArguments<G> {
    const commandLine = tokenizeCommandLine(overrides, { allowConfigFile: false });
    if (commandLine.helpRequested) throw new HelpRequested(this.formatHelp());
    return this.#parse(readConfigFile(path), path, commandLine.flags);
  }

  /** Fills the groups from an object already in memory; `source` names it in errors. */
  parseDict(values: Record<string, unknown>, source = "arguments"): ParsedArguments<G> {
    return this.#parse(values, source, []);
  }

  /** The help text: every group's fields with their types, defaults and descriptions. */
  formatHelp(): string {
    return formatHelp(Object.values(this.#groups), this.#options.programName);
  }

  #parse(
    fileValues: Record<string, unknown> | undefined,
    fileSource: string | undefined,
    flags: readonly CommandLineFlag[],
  ): ParsedArguments<G> {
    const valuesByGroup = new Map<string, Record<string, unknown>>(
      Object.keys(this.#groups).map((key) => [key, {}]),
    );
    const sources = new Map<string, string>();
    for (const [name, value] of Object.entries(fileValues ?? {})) {
      const owner = this.#owners.get(name);
      if (!owner) throw unknownFieldError(name, this.#knownNames, fileSource);
      valuesByGroup.get(owner.group)![name] = value;
      sources.set(name, fileSource!);
    }
    // Later flags override earlier ones and the file, as argparse's last occurrence wins.
    for (const flag of flags) {
      const { field, group, value } = this.#valueOfFlag(flag);
      valuesByGroup.get(group)![field] = value;
      sources.set(field, COMMAND_LINE);
    }
    const defaultSource = fileSource ?? COMMAND_LINE;
    const sourceOf = (field: string) => sources.get(field) ?? defaultSource;
    const parsed: Record<string, unknown> = {};
    for (const [key, group] of Object.entries(this.#groups)) {
      parsed[key] = group.fromDict(valuesByGroup.get(key)!, sourceOf, { onWarning: this.#options.onWarning });
    }
    return parsed as ParsedArguments<G>;
  }

  #valueOfFlag(flag: CommandLineFlag): { field: string; group: string; value: unknown } {
    // HF registers each flag with underscores and with dashes.
    const name = flag.name.replaceAll("-", "_");
    const owner = this.#owners.get(name);
    if (owner) {
      return {
        field: name,
        group: owner.group,
        value: coerceFlagValues(name, flag.values, owner.spec?.schema ?? {}),
      };
    }
    const negated = name.startsWith("no_") ? name.slice(3) : undefined;
    const negatedOwner = negated === undefined ? undefined : this.#owners.get(negated);
    if (negated !== undefined && negatedOwner?.spec && acceptsType(negatedOwner.spec.schema, "boolean")) {
      if (negatedOwner.spec.defaultValue !== true) {
        throw new ArgumentError({
          detail: `--${name} exists only for boolean fields that default to true; use --${negated} false`,
          field: negated,
          source: COMMAND_LINE,
        });
      }
      if (flag.values !== null) {
        throw new ArgumentError({
          detail: `--${name} takes no value`,
          field: negated,
          received: flag.values.join(" "),
          source: COMMAND_LINE,
        });
      }
      return { field: negated, group: negatedOwner.group, value: false };
    }
    throw unknownFieldError(name, this.#knownFlagNames, COMMAND_LINE);
  }
}
