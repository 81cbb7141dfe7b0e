import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseJsonLines } from "tfjs-trainer";
import { ConfigError } from "../config/config-error.js";
import type { RawSplits, Row } from "../tasks/task.js";

export interface SplitFiles {
  train_file?: string;
  validation_file?: string;
  test_file?: string;
  max_train_samples?: number;
  max_eval_samples?: number;
  max_predict_samples?: number;
}

const SPLITS = [
  ["train", "train_file", "max_train_samples"],
  ["validation", "validation_file", "max_eval_samples"],
  ["test", "test_file", "max_predict_samples"],
] as const;

/**
 * Reads the data files the config names (JSON Lines, or a JSON array of rows), relative to the config file, keeps
 * the first max_*_samples rows, and checks that every row has the task's columns, so a misspelt column fails before
 * any model is built, naming the file, the column and the columns there are.
 */
export async function loadSplits(
  files: SplitFiles,
  baseDir: string,
  configFile: string,
  requiredColumns: (split: keyof RawSplits) => Readonly<Record<string, string>>,
): Promise<RawSplits> {
  const splits: RawSplits = {};
  for (const [split, fileField, limitField] of SPLITS) {
    const file = files[fileField];
    if (file === undefined) continue;
    const path = resolve(baseDir, file);
    let rows = await readRows(path, configFile, `data.${fileField}`);
    if (rows.length === 0) throw new ConfigError(configFile, `data.${fileField}`, `${path} has no rows`);
    const limit = files[limitField];
    if (limit !== undefined) rows = rows.slice(0, limit);
    checkColumns(rows, path, configFile, requiredColumns(split));
    splits[split] = rows;
  }
  return splits;
}

async function readRows(path: string, configFile: string, field: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(configFile, field, `cannot read data file ${path} (${why})`);
  }
  try {
    const isArray = /\.json$/i.test(path) && text.trimStart().startsWith("[");
    return isArray ? parseJsonArray(text, path) : parseJsonLines<Row>(text, path);
  } catch (error) {
    // both parsers throw only for text that is not rows of JSON objects, naming the file and the row
    throw new ConfigError(configFile, field, (error as Error).message);
  }
}

function parseJsonArray(text: string, path: string): Row[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: invalid JSON (${(error as Error).message})`);
  }
  const rows = value as unknown[];
  rows.forEach((row, i) => {
    requireObject(row, `${path}: row ${i + 1}`);
  });
  return rows as Row[];
}

function requireObject(value: unknown, where: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: each row must be a JSON object`);
  }
}

function checkColumns(
  rows: Row[],
  path: string,
  configFile: string,
  required: Readonly<Record<string, string>>,
): void {
  rows.forEach((row, i) => {
    for (const [field, column] of Object.entries(required)) {
      if (!(column in row)) {
        const present = Object.keys(row).join(", ");
        throw new ConfigError(
          configFile,
          `data.${field}`,
          `column "${column}" not found in ${path} (row ${i + 1} has: ${present})`,
        );
      }
    }
  });
}
