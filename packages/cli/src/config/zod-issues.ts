import type { z } from "zod";
import { ConfigError } from "./config-error.js";
import { didYouMean } from "./suggest.js";

/**
 * The first problem zod found, as a ConfigError naming the dotted field; an unknown key suggests the nearest known
 * one, since a misspelt option is the commonest config mistake.
 */
export function configErrorFromZod(
  error: z.ZodError,
  file: string,
  prefix: string,
  shape: Record<string, unknown> | undefined,
  plugin?: string,
): ConfigError {
  const issue = error.issues[0];
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const known = shape && issue.path.length === 0 ? Object.keys(shape) : [];
    const field = [path, key].filter(Boolean).join(".");
    return new ConfigError(file, field, `unknown field${didYouMean(key, known)}`, plugin);
  }
  return new ConfigError(file, path || undefined, issue.message, plugin);
}
