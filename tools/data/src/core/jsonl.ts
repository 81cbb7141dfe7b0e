import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SPLIT_NAMES, type SplitName, type Splits } from "./types.js";

export interface WrittenSplit {
  split: SplitName;
  path: string;
  rows: number;
  bytes: number;
}

/** One JSON object per line, "\n" line ends and a final newline, so the bytes depend on the rows only. */
export function toJsonl(rows: readonly unknown[]): string {
  return rows.map((row) => JSON.stringify(row)).join("\n") + (rows.length > 0 ? "\n" : "");
}

export function writeSplits(outDir: string, splits: Splits): WrittenSplit[] {
  mkdirSync(outDir, { recursive: true });
  const written: WrittenSplit[] = [];
  for (const split of SPLIT_NAMES) {
    const rows = splits[split];
    if (!rows) continue;
    const path = join(outDir, `${split}.jsonl`);
    const text = toJsonl(rows);
    writeFileSync(path, text);
    written.push({ split, path, rows: rows.length, bytes: Buffer.byteLength(text) });
  }
  return written;
}
