import { readFileSync } from "node:fs";

/** A JSON file, parsed. */
export function readJson(file: string) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** A JSONL file (a tools/data split, say) as its rows, one parsed object a line. */
export function readJsonl<Row = unknown>(file: string): Row[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Row);
}
