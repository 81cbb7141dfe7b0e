import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { type RunResult, run } from "../src/main.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tfjs-trainer-data-"));
  dirs.push(dir);
  return dir;
}

/** Runs the command as the CLI does, into a fresh folder, collecting what it prints. */
export function runTiny(
  dataset: string,
  seed = 42,
  extra: string[] = [],
): RunResult & { dir: string; log: string[] } {
  const dir = tempDir();
  const log: string[] = [];
  const result = run([dataset, "--out", dir, "--size", "tiny", "--seed", String(seed), ...extra], (line) =>
    log.push(line),
  );
  return { ...result, dir, log };
}

export function readRows<T = Record<string, unknown>>(dir: string, split: string): T[] {
  return readFileSync(join(dir, `${split}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

export function readBytes(dir: string, split: string): Buffer {
  return readFileSync(join(dir, `${split}.jsonl`));
}
