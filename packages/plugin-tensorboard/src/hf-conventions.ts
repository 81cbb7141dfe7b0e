import { hostname } from "node:os";
import { join } from "node:path";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * HF's default TensorBoard folder: `<output_dir>/runs/<Mon>DD_HH-MM-SS_<host>`, the local time as Python's
 * `strftime("%b%d_%H-%M-%S")` writes it (C locale), then the host name.
 */
export function defaultLogDir(outputDir: string, now = new Date(), host = hostname()): string {
  const time = `${MONTHS[now.getMonth()]}${pad(now.getDate())}_${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())}`;
  return join(outputDir, "runs", `${time}_${host}`);
}

/** HF's rewrite_logs: `eval_x` → `eval/x`, `test_x` → `test/x`, anything else → `train/x`. */
export function rewriteLogKey(key: string): string {
  if (key.startsWith("eval_")) return `eval/${key.slice("eval_".length)}`;
  if (key.startsWith("test_")) return `test/${key.slice("test_".length)}`;
  return `train/${key}`;
}

/** A model config as HF's `to_json_string` writes it: keys sorted, two-space indent, a final newline. */
export function configJSONString(config: object): string {
  return `${JSON.stringify(sortKeys(config), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** The training arguments TensorBoard's HParams tab can show: those whose value is a number, a string or a boolean. */
export function scalarArguments(dict: Record<string, unknown>): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [key, value] of Object.entries(dict)) {
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
      out[key] = value;
  }
  return out;
}
