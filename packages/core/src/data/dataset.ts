import { readFile } from "node:fs/promises";
import type { Feature } from "@tfjs-trainer/data";

/**
 * Rows addressable by index: what samplers and the DataLoader need to skip seen batches in O(1) on resume.
 * `get` may be async (rows read lazily from disk or a database).
 */
export interface Dataset<Row = Feature> {
  readonly length: number;
  get(index: number): Row | Promise<Row>;
  /** Column names when known up front (remove_unused_columns reports what it dropped). */
  readonly columnNames?: readonly string[];
}

/**
 * Rows without random access: the loader iterates them in order. Resuming mid-epoch skips the batches already
 * trained on, which costs reading every earlier row unless the stream can start further in (`iterateFrom`).
 */
export interface IterableDataset<Row = Feature> {
  [Symbol.asyncIterator](): AsyncIterator<Row>;
  /**
   * The rows from `row` (0-based) on, in the order `[Symbol.asyncIterator]()` gives them; done at once when `row` is
   * at or past the end. Optional: implement it when the stream can start there without reading the earlier rows (a
   * file read from a byte offset found by an index, a sharded dataset, rows generated from their number), so that
   * resuming at batch k of an epoch costs the same wherever k is. Without it the loader reads and discards the
   * rows before k × batch size. It must give exactly the rows the plain iterator would from there on: the loader
   * relies on it to yield the same batches either way.
   */
  iterateFrom?(row: number): AsyncIterator<Row>;
}

export type AnyDataset<Row = Feature> = Dataset<Row> | IterableDataset<Row>;

export function isIndexedDataset<Row>(d: AnyDataset<Row>): d is Dataset<Row> {
  return typeof (d as Dataset<Row>).get === "function" && typeof (d as Dataset<Row>).length === "number";
}

export class InMemoryDataset<Row extends object = Feature> implements Dataset<Row> {
  readonly columnNames: readonly string[];

  constructor(private readonly rows: readonly Row[]) {
    this.columnNames = rows.length > 0 ? Object.keys(rows[0]) : [];
  }

  get length(): number {
    return this.rows.length;
  }

  get(index: number): Row {
    const row = this.rows[index];
    if (row === undefined)
      throw new RangeError(`dataset index ${index} out of range (length ${this.rows.length})`);
    return row;
  }

  /** HF datasets' `select`: a view of some rows, in the given order. */
  select(indices: Iterable<number>): InMemoryDataset<Row> {
    return new InMemoryDataset([...indices].map((i) => this.get(i)));
  }
}

/** Reads a JSON Lines file (one object per line; blank lines skipped). Errors name the file and the line. */
export async function loadJsonl<Row extends object = Feature>(path: string): Promise<InMemoryDataset<Row>> {
  return new InMemoryDataset(parseJsonLines<Row>(await readFile(path, "utf8"), path));
}

/** JSON Lines text as rows (one object per line; blank lines skipped). Errors name `source` and the line. */
export function parseJsonLines<Row extends object = Feature>(text: string, source: string): Row[] {
  const rows: Row[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${source}:${i + 1}: invalid JSON (${(error as Error).message})`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error(`${source}:${i + 1}: each line must be a JSON object`);
    }
    rows.push(value as Row);
  });
  return rows;
}
