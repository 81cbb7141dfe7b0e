import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  EventFileError,
  encodeEvent,
  frameRecord,
  parseEventFile,
  readEventFile,
  readRuns,
  SummaryWriter,
  splitRecords,
} from "../src/index.js";

let dir: string;
let path: string;
let bytes: Buffer;
let offsets: number[];

/** A file of 1 + 5 events, and the byte offset of each record. */
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tfevents-strict-"));
  const w = new SummaryWriter(dir);
  for (let step = 1; step <= 5; step++) w.addScalar("loss", 1 / step, step);
  await w.close();
  path = w.path;
  bytes = readFileSync(path);
  offsets = splitRecords(bytes, path).records.map((r) => r.offset);
  expect(offsets).toHaveLength(6);
});

const writeCopy = (name: string, content: Uint8Array) => {
  const out = join(mkdtempSync(join(tmpdir(), "tfevents-case-")), name);
  writeFileSync(out, content);
  return out;
};

describe("the strict reader", () => {
  it("tolerates a torn last record, wherever the file was cut inside it", async () => {
    const last = offsets[5];
    for (const cut of [last + 3, last + 12, last + 14, bytes.length - 1]) {
      const file = writeCopy("events.out.tfevents.torn", bytes.subarray(0, cut));
      const { events, torn } = await readEventFile(file);
      expect(events.map((e) => e.step)).toEqual([0, 1, 2, 3, 4]);
      expect(torn).toMatchObject({ offset: last, present: cut - last });
      expect(torn!.needed).toBe(cut - last < 12 ? 12 : bytes.length - last);
    }
  });

  it("fails on a truncated file when a torn record is not allowed, naming the file and the offset", async () => {
    const file = writeCopy("events.out.tfevents.truncated", bytes.subarray(0, offsets[3] + 20));
    await expect(readEventFile(file, { allowTornLastRecord: false })).rejects.toThrow(
      `${file}: truncated: the file ends inside a record (20 of ${offsets[4] - offsets[3]} bytes) (record at byte offset ${offsets[3]})`,
    );
  });

  it("in a run, only the newest file may end in a torn record: an earlier one was truncated", async () => {
    const run = mkdtempSync(join(tmpdir(), "tfevents-run-"));
    const older = join(run, "events.out.tfevents.1000000000.host.1.0");
    const newer = join(run, "events.out.tfevents.1000000001.host.1.1");
    writeFileSync(older, bytes);
    writeFileSync(newer, bytes.subarray(0, bytes.length - 2));
    const [ok] = await readRuns(run);
    expect(ok.files.map((f) => f.events.length)).toEqual([6, 5]);
    expect(ok.files[1].torn?.offset).toBe(offsets[5]);
    expect(ok.events).toHaveLength(11);

    writeFileSync(older, bytes.subarray(0, bytes.length - 2));
    copyFileSync(path, newer);
    await expect(readRuns(run)).rejects.toThrow(`${older}: truncated`);
  });

  it("fails on a bad data CRC, naming the file and the record's offset", () => {
    const bad = Buffer.from(bytes);
    bad[offsets[2] + 14] ^= 0x01; // a byte of record 2's data
    const error = (() => {
      try {
        parseEventFile(bad, "bad-data.tfevents");
      } catch (e) {
        return e as EventFileError;
      }
    })();
    expect(error).toBeInstanceOf(EventFileError);
    expect(error!.offset).toBe(offsets[2]);
    expect(error!.path).toBe("bad-data.tfevents");
    expect(error!.message).toBe(
      `bad-data.tfevents: the data's CRC does not match (corrupt record) (record at byte offset ${offsets[2]})`,
    );
  });

  it("fails on a bad length CRC or a corrupted length, naming the offset", () => {
    const badCrc = Buffer.from(bytes);
    badCrc[offsets[4] + 9] ^= 0x80;
    expect(() => parseEventFile(badCrc, "f")).toThrow(
      `f: the length's CRC does not match (corrupt record header) (record at byte offset ${offsets[4]})`,
    );
    const badLength = Buffer.from(bytes);
    badLength[offsets[1]] += 1; // the length no longer matches its CRC
    expect(() => parseEventFile(badLength, "f")).toThrow(`record at byte offset ${offsets[1]}`);
    const badFooter = Buffer.from(bytes);
    badFooter[offsets[2] - 1] ^= 0xff; // the last byte of record 1: its data CRC
    expect(() => parseEventFile(badFooter, "f")).toThrow(
      `the data's CRC does not match (corrupt record) (record at byte offset ${offsets[1]})`,
    );
  });

  it("fails on a well-framed record that is not an Event", () => {
    const first = frameRecord(encodeEvent({ wall_time: 1, step: 0, file_version: "brain.Event:2" }));
    // field 1 (wall_time, a double) sent as length-delimited bytes
    const junk = Buffer.concat([first, frameRecord(Uint8Array.from([0x0a, 0x01, 0x01]))]);
    expect(() => parseEventFile(junk, "junk")).toThrow(
      `junk: not an Event: Event: wire type 2 where 1 was expected at byte 1 (record at byte offset ${first.length})`,
    );
  });

  it("reads an empty file as no events (a writer that has not flushed yet)", () => {
    expect(parseEventFile(new Uint8Array(), "empty")).toEqual({ path: "empty", events: [] });
  });
});
