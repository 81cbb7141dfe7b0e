import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ArgumentError } from "./argument-error.js";
import { asFieldMapping } from "./validate-fields.js";

/**
 * Reads a flat JSON or YAML config (chosen by extension) into field names and values.
 *
 * YAML is read as YAML 1.2 (the `yaml` package's default), where `1e-4` is a number. PyYAML reads YAML 1.1, where
 * a float needs a dot (`1.0e-4`), so HF users meet `learning_rate: 1e-4` arriving as the string "1e-4"; here it is
 * the number the user meant. A quoted "1e-4" stays a string and is rejected where a number is expected.
 */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ArgumentError({
      detail: `cannot read config file (${(error as Error).message})`,
      source: path,
    });
  }
  let values: unknown;
  try {
    values = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const format = /\.json$/i.test(path) ? "JSON" : "YAML";
    throw new ArgumentError({ detail: `invalid ${format}: ${(error as Error).message}`, source: path });
  }
  // An empty YAML file is a config with no fields set.
  return values === null || values === undefined ? {} : asFieldMapping(values, path);
}
