import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  collectRunContents,
  decodeHParamsPluginData,
  encodeEvent,
  encodeHParamsPluginData,
  encodeSummary,
  frameRecord,
  hparamsValues,
  makeHistogram,
  parseEventFile,
  readRuns,
  scalarValue,
  textValue,
} from "../src/index.js";

/**
 * The event files HF's TensorBoardCallback and torch's SummaryWriter wrote (fixtures/hf-reference, README sections
 * runs/ and tensorboard/), with what TensorBoard's EventAccumulator read from them: `<dir>/read.json` describes
 * the run `<dir>` ({tags, scalars}), `<name>.read.json` the runs under the folder `<name>` ({run: {tags, scalars,
 * tensors}}). Everything is found by walking the folder, so any folder of that format works.
 */
const FIXTURES = fileURLToPath(new URL("../../../fixtures/hf-reference/", import.meta.url));

interface ReadJson {
  tags: Record<string, string[]>;
  scalars: Record<string, [number, number][]>;
  tensors?: Record<string, number>;
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

interface ReferenceRead {
  dir: string;
  runs: Record<string, ReadJson>;
  /** false for a read.json inside the folder: TensorBoard read that folder alone, not its sub-folders. */
  withSubRuns: boolean;
}

function referenceReads(): ReferenceRead[] {
  const out: ReferenceRead[] = [];
  for (const path of walk(FIXTURES)) {
    const json = () => JSON.parse(readFileSync(path, "utf8"));
    if (basename(path) === "read.json")
      out.push({ dir: dirname(path), runs: { ".": json() }, withSubRuns: false });
    else if (path.endsWith(".read.json")) {
      out.push({ dir: path.slice(0, -".read.json".length), runs: json(), withSubRuns: true });
    }
  }
  return out;
}

const READS = referenceReads();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const EVENT_FILES = [...walk(FIXTURES)].filter((p) => basename(p).includes("tfevents"));

describe("reading the event files HF and torch wrote", () => {
  it("finds the fixtures (runs/*/tensorboard and tensorboard/summary-writer)", () => {
    expect(READS.some((r) => r.dir.includes(join("runs", "bert-seqcls")))).toBe(true);
    expect(READS.some((r) => Object.keys(r.runs).length > 1)).toBe(true);
  });

  it.each(READS.map((r) => [r.dir.slice(FIXTURES.length), r] as const))(
    "%s: exactly the tags and scalar values TensorBoard read",
    async (_name, { dir, runs: expected, withSubRuns }) => {
      const runs = (await readRuns(dir)).filter((r) => withSubRuns || r.run === ".");
      expect(runs.map((r) => r.run).sort()).toEqual(Object.keys(expected).sort());
      for (const run of runs) {
        const want = expected[run.run];
        const got = collectRunContents(run.events);
        for (const file of run.files) {
          expect(file.torn).toBeUndefined();
          expect(file.events[0].file_version).toBe("brain.Event:2");
        }
        for (const [kind, tags] of Object.entries(want.tags)) {
          expect([...(got.tags as Record<string, string[]>)[kind]].sort(), `${run.run}: ${kind}`).toEqual(
            [...tags].sort(),
          );
        }
        for (const [tag, points] of Object.entries(want.scalars)) {
          expect(
            got.scalars[tag].map((p) => [p.step, p.value]),
            `${run.run}: ${tag}`,
          ).toEqual(points);
        }
        expect(Object.keys(got.scalars).sort()).toEqual(Object.keys(want.scalars).sort());
        for (const [tag, count] of Object.entries(want.tensors ?? {})) {
          expect(got.tensors[tag]).toHaveLength(count);
        }
      }
    },
  );

  it.each(EVENT_FILES.map((p) => [p.slice(FIXTURES.length), p]))(
    "%s: re-encoding every event gives the file's bytes",
    (_name, path) => {
      const bytes = readFileSync(path);
      const { events, torn } = parseEventFile(bytes, path);
      expect(torn).toBeUndefined();
      expect(hex(Buffer.concat(events.map((e) => frameRecord(encodeEvent(e)))))).toBe(hex(bytes));
    },
  );

  it("our summary builders give torch's bytes for its scalars, texts and hparams", async () => {
    const checked = { scalar: 0, text: 0, experiment: 0, sessionEnd: 0 };
    for (const path of EVENT_FILES) {
      for (const event of parseEventFile(readFileSync(path), path).events) {
        for (const v of event.summary?.value ?? []) {
          const original = hex(encodeSummary([v]));
          if (v.simple_value !== undefined) {
            expect(hex(encodeSummary([scalarValue(v.tag, v.simple_value)]))).toBe(original);
            checked.scalar++;
          }
          if (v.text !== undefined) {
            expect(hex(encodeSummary([textValue(v.tag, v.text)]))).toBe(original);
            checked.text++;
          }
          const experiment = v.hparams?.experiment;
          if (experiment) {
            const start = (await readRuns(dirname(path)))[0].events
              .flatMap((e) => e.summary?.value ?? [])
              .find((x) => x.hparams?.session_start_info)?.hparams?.session_start_info;
            const hparams = Object.fromEntries(
              experiment.hparam_infos.map((h) => [h.name, start?.hparams[h.name] as number | string]),
            );
            const built = hparamsValues({ hparams, metrics: experiment.metric_infos.map((m) => m.name.tag) });
            expect(hex(encodeSummary([built.experiment]))).toBe(original);
            checked.experiment++;
          }
          if (v.hparams?.session_end_info) {
            expect(hex(encodeSummary([hparamsValues({ hparams: {}, metrics: [] }).sessionEnd]))).toBe(
              original,
            );
            checked.sessionEnd++;
          }
          if (v.hparams) {
            const content = v.metadata!.plugin_data!.content;
            expect(hex(encodeHParamsPluginData(decodeHParamsPluginData(content, "hparams")))).toBe(
              hex(content),
            );
          }
        }
      }
    }
    expect(checked.scalar).toBeGreaterThan(100);
    expect(checked.text).toBeGreaterThan(0);
    expect(checked.experiment).toBeGreaterThan(0);
    expect(checked.sessionEnd).toBeGreaterThan(0);
  });

  it("makeHistogram gives torch's buckets for the histogram of linspace(-1, 1, 101) it wrote", async () => {
    const [run] = await readRuns(join(FIXTURES, "tensorboard", "summary-writer"));
    const written = collectRunContents(run.events).histograms["weights/w"][0].value;
    // numpy's linspace: i * step + start, the last value exactly the end
    const step = 2 / 100;
    const values = Array.from({ length: 101 }, (_, i) => i * step - 1);
    values[100] = 1;
    expect(makeHistogram(values)).toEqual(written);
    expect(written.bucket_limit.length).toBeGreaterThan(100);
  });
});
