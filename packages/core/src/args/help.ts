import type { ArgumentGroup } from "./argument-group.js";
import { acceptsType, describeTypeShort, type FieldSpec, fieldSpecsOf } from "./field-spec.js";

/** Thrown by the parser for `--help` / `-h`; `help` is the text to print. A library does not exit the process. */
export class HelpRequested extends Error {
  readonly help: string;

  constructor(help: string) {
    super("help requested");
    this.name = "HelpRequested";
    this.help = help;
  }
}

const FLAG_COLUMN = 34;

function flagSyntax(spec: FieldSpec): string {
  const type = describeTypeShort(spec.schema);
  if (acceptsType(spec.schema, "boolean") && type === "BOOL") {
    const negated = spec.defaultValue === true ? `, --no_${spec.name}` : "";
    return `--${spec.name} [BOOL]${negated}`;
  }
  return `--${spec.name} ${type}`;
}

function fieldLine(spec: FieldSpec): string {
  const syntax = `  ${flagSyntax(spec)}`;
  const defaultText = spec.hasDefault ? `(default: ${JSON.stringify(spec.defaultValue)})` : "(required)";
  const text = [spec.description, defaultText].filter(Boolean).join(" ");
  return syntax.length < FLAG_COLUMN
    ? `${syntax.padEnd(FLAG_COLUMN)}${text}`
    : `${syntax}\n${" ".repeat(FLAG_COLUMN)}${text}`;
}

/** Help text listing every group's fields with their types, defaults and descriptions (deprecated names left out). */
export function formatHelp(groups: Iterable<ArgumentGroup<unknown>>, programName = "train"): string {
  const lines = [
    `usage: ${programName} [config.json | config.yaml] [--field value ...]`,
    "",
    "Flags override the values of the config file. Lists take several values (--report_to tensorboard wandb);",
    "booleans may be bare (--do_train) or take true/false. Dashes may replace underscores in flag names.",
  ];
  for (const group of groups) {
    lines.push("", group.description ? `${group.groupName}: ${group.description}` : `${group.groupName}:`);
    for (const spec of fieldSpecsOf(group.schema).values()) {
      if (!spec.deprecated) lines.push(fieldLine(spec));
    }
  }
  return `${lines.join("\n")}\n`;
}
