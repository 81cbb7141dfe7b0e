import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { keepFloatFields, parseConfigJson } from "./config-json.js";

/** A config.json as HF writes it: HF's field names; fields we do not use are kept so a saved folder round-trips. */
export type HFConfig = Record<string, unknown> & { model_type?: string; architectures?: string[] };

export async function readConfig(dir: string): Promise<HFConfig> {
  const path = join(dir, "config.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `${path}: cannot read the model config (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  try {
    return parseConfigJson(text) as HFConfig;
  } catch (error) {
    throw new Error(`${path}: invalid model config (${(error as Error).message})`);
  }
}

/**
 * HF's defaults under the given config: every field the architecture reads gets a value, and the raw fields stay.
 * A field of the wrong type fails naming the field and the file.
 */
export function withDefaults<T extends object>(
  raw: HFConfig,
  defaults: T,
  source = "config.json",
): HFConfig & T {
  const merged: Record<string, unknown> = { ...defaults, ...raw };
  for (const [key, value] of Object.entries(defaults)) {
    const got = merged[key];
    if (value === null || got === null || got === undefined) continue;
    if (typeof value !== typeof got) {
      throw new Error(`${source}: field "${key}" should be a ${typeof value}, got ${JSON.stringify(got)}`);
    }
  }
  return keepFloatFields(merged, raw) as HFConfig & T;
}

/** Number of labels as HF derives it: id2label when present, else num_labels, else 2. */
export function numLabels(config: HFConfig): number {
  const id2label = config.id2label as Record<string, string> | undefined;
  if (id2label && Object.keys(id2label).length > 0) return Object.keys(id2label).length;
  return typeof config.num_labels === "number" ? config.num_labels : 2;
}
