import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { decodeEvent, type TfEvent } from "./messages.js";
import { EventFileError, splitRecords, type TornRecord } from "./record.js";

export interface EventFile {
  path: string;
  events: TfEvent[];
  /** Set when the file ends inside its last record (a write cut short): that record is not in `events`. */
  torn?: TornRecord;
}

export interface ReadOptions {
  /** Accept a file that ends inside its last record (default true); false makes that an error too. */
  allowTornLastRecord?: boolean;
}

/** TensorBoard's test for an event file: "tfevents" in the name. */
export function isEventFileName(name: string): boolean {
  return basename(name).includes("tfevents");
}

/**
 * Reads one event file strictly: both CRCs of every record are checked and every record must decode as an Event;
 * any defect throws an EventFileError naming the file and the record's byte offset. The one thing accepted is a
 * file that ends inside its last record (unless `allowTornLastRecord: false`), as a writer stopped mid-write
 * leaves it; the events before it are returned and `torn` says where.
 */
export async function readEventFile(path: string, options: ReadOptions = {}): Promise<EventFile> {
  return parseEventFile(await readFile(path), path, options);
}

export function parseEventFile(bytes: Uint8Array, path: string, options: ReadOptions = {}): EventFile {
  const { records, torn } = splitRecords(bytes, path);
  if (torn && options.allowTornLastRecord === false) {
    throw new EventFileError(
      path,
      torn.offset,
      `truncated: the file ends inside a record (${torn.present} of ${torn.needed} bytes)`,
    );
  }
  const events = records.map(({ offset, data }) => {
    try {
      return decodeEvent(data, "Event");
    } catch (error) {
      throw new EventFileError(path, offset, `not an Event: ${(error as Error).message}`);
    }
  });
  return torn ? { path, events, torn } : { path, events };
}

/** A TensorBoard run: a folder holding event files, named by its path relative to the log dir ("." for itself). */
export interface Run {
  run: string;
  dir: string;
  files: EventFile[];
  /** The events of all its files, file after file (files in name order, as TensorBoard loads them). */
  events: TfEvent[];
}

/**
 * Reads every run under a log dir, as TensorBoard finds them: each folder (the log dir itself included) that holds
 * event files is a run, its files read in name order. Only the newest (last) file of a run may end in a torn record
 * — it may still be being written; an earlier file that ends inside a record was truncated and fails.
 */
export async function readRuns(logDir: string, options: ReadOptions = {}): Promise<Run[]> {
  const runs: Run[] = [];
  for (const dir of await foldersOf(logDir)) {
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && isEventFileName(e.name))
      .map((e) => e.name)
      .sort();
    if (names.length === 0) continue;
    const files: EventFile[] = [];
    for (const [i, name] of names.entries()) {
      const last = i === names.length - 1;
      files.push(
        await readEventFile(join(dir, name), {
          allowTornLastRecord: last && options.allowTornLastRecord !== false,
        }),
      );
    }
    const run = relative(logDir, dir).split(sep).join("/") || ".";
    runs.push({ run, dir, files, events: files.flatMap((f) => f.events) });
  }
  return runs.sort((a, b) => (a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
}

async function foldersOf(root: string): Promise<string[]> {
  const out = [root];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await foldersOf(join(root, entry.name))));
  }
  return out;
}
