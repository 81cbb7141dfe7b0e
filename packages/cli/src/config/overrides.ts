import { parse as parseYaml } from "yaml";
import { ConfigError } from "./config-error.js";

/** One `--a.b.c value` from the command line. */
export interface Override {
  path: string[];
  value: unknown;
}

/**
 * Reads `--name value`, `--name=value` and `--flag` (true) after the command. Values are read as YAML scalars or
 * flow collections, so `--learning_rate 1e-4` is a number, `--report_to [tensorboard]` a list and `--x null` null.
 * Dotted names reach into sections: `--plugins.tensorboard.log_dir runs`, `--data.max_seq_length 64`.
 */
export function parseOverrides(argv: readonly string[]): Override[] {
  const overrides: Override[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith("--") || token === "--") {
      throw new ConfigError("command line", undefined, `expected --name value, got "${token}"`);
    }
    const body = token.slice(2);
    const eq = body.indexOf("=");
    let name: string;
    let raw: string | undefined;
    if (eq >= 0) {
      name = body.slice(0, eq);
      raw = body.slice(eq + 1);
    } else {
      name = body;
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        raw = next;
        i++;
      }
    }
    // HF registers flags with dashes and with underscores; a plugin's package name keeps its dashes.
    const path = name
      .split(".")
      .map((part, i, parts) => (parts[0] === "plugins" && i === 1 ? part : part.replaceAll("-", "_")));
    if (path.some((part) => part === "")) {
      throw new ConfigError("command line", `--${name}`, "empty segment in a dotted name");
    }
    overrides.push({ path, value: raw === undefined ? true : readScalar(raw) });
  }
  return overrides;
}

function readScalar(raw: string): unknown {
  try {
    return parseYaml(raw);
  } catch {
    return raw;
  }
}
