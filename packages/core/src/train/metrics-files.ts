import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "@tfjs-trainer/safetensors";

/** Whole or not at all, and a failure names the file (Node's errors name only the system call). */
const writeText = (path: string, text: string) => writeFileAtomic(path, new TextEncoder().encode(text));

/**
 * HF examples' save_metrics: `<split>_results.json`, and (combined) all of them merged into all_results.json.
 */
export async function saveMetrics(
  outputDir: string,
  split: string,
  metrics: Record<string, number>,
  combined = true,
): Promise<void> {
  await mkdir(outputDir, { recursive: true });
  const json = (v: unknown) => `${JSON.stringify(v, Object.keys(v as object).sort(), 4)}\n`;
  await writeText(join(outputDir, `${split}_results.json`), json(metrics));
  if (!combined) return;
  const allPath = join(outputDir, "all_results.json");
  let all: Record<string, number> = {};
  try {
    all = JSON.parse(await readFile(allPath, "utf8"));
  } catch {
    // first split written: start a new file
  }
  Object.assign(all, metrics);
  await writeText(allPath, json(all));
}

/** HF's log_metrics: a small aligned table of one split's metrics. */
export function logMetrics(
  split: string,
  metrics: Record<string, number>,
  print: (line: string) => void = console.log,
): void {
  print(`***** ${split} metrics *****`);
  const keys = Object.keys(metrics).sort();
  const width = Math.max(...keys.map((k) => k.length));
  for (const key of keys) print(`  ${key.padEnd(width)} = ${metrics[key]}`);
}
