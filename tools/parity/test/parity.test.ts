import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { checkCollators } from "../src/checks/collators.js";
import { checkForward } from "../src/checks/forward.js";
import { checkGenerate } from "../src/checks/generate.js";
import { checkRuns } from "../src/checks/runs.js";
import { checkSchedulers } from "../src/checks/schedulers.js";
import { renderTable } from "../src/table.js";

const FIXTURES = fileURLToPath(new URL("../../../fixtures/hf-reference", import.meta.url));
/** Another directory of the same format: other vocabulary, widths, depths, heads, pad ids and schedule arguments. */
const ALT_FIXTURES = fileURLToPath(new URL("../../../fixtures/hf-reference-alt", import.meta.url));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const failing = (rows: { ok: boolean; case: string; measure: string; value: unknown; error?: string }[]) =>
  rows.filter((r) => !r.ok).map((r) => `${r.case} ${r.measure} ${r.value} ${r.error ?? ""}`);

for (const [label, dir] of [
  ["shipped HF reference", FIXTURES],
  ["HF reference of other sizes", ALT_FIXTURES],
] as const) {
  describe(`parity with the ${label}`, () => {
    it("schedulers and collators", async () => {
      const rows = [...(await checkSchedulers(dir)), ...(await checkCollators(dir))];
      expect(rows.length).toBeGreaterThan(10);
      expect(failing(rows)).toEqual([]);
    });

    it("forward of every model", async () => {
      const rows = await checkForward(dir);
      expect(rows.length).toBeGreaterThanOrEqual(8);
      expect(failing(rows)).toEqual([]);
    });

    it("generate of every case", async () => {
      const rows = await checkGenerate(dir);
      expect(rows.length).toBeGreaterThanOrEqual(6);
      expect(failing(rows)).toEqual([]);
    });
  });
}

describe("whole Trainer runs against HF's", () => {
  it("bert-seqcls, bert-early-stopping, gpt2-clm and bart-seq2seq (Seq2Seq plugin) match", async () => {
    const rows = await checkRuns(FIXTURES);
    const cases = new Set(rows.map((r) => r.case));
    expect([...cases].sort()).toEqual([
      "runs/bart-seq2seq",
      "runs/bert-early-stopping",
      "runs/bert-seqcls",
      "runs/gpt2-clm",
    ]);
    expect(failing(rows)).toEqual([]);
    const seq2seq = rows.filter((r) => r.case === "runs/bart-seq2seq").map((r) => r.measure);
    expect(seq2seq).toEqual(
      expect.arrayContaining([
        "eval_exact_match differing",
        "predict predictions",
        "predict label_ids",
        "predict test_loss rel.",
        "predict test_exact_match",
      ]),
    );
  });
});

describe("the tool reads the directory, not its own copy", () => {
  it("a reference changed on disk makes its case fail, and only that case", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parity-"));
    cpSync(FIXTURES, dir, { recursive: true });
    const schedules = JSON.parse(readFileSync(join(dir, "schedulers.json"), "utf8"));
    const first = Object.keys(schedules.types)[0];
    schedules.types[first].lr[3] += 1e-6;
    writeFileSync(join(dir, "schedulers.json"), JSON.stringify(schedules));
    const rows = await checkSchedulers(dir);
    expect(failing(rows)).toHaveLength(1);
    expect(failing(rows)[0]).toContain(first);
  });

  it("a generated id changed in a run's predict makes only that measure fail", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parity-runs-"));
    cpSync(join(FIXTURES, "models"), join(dir, "models"), { recursive: true });
    cpSync(join(FIXTURES, "runs", "bart-seq2seq"), join(dir, "runs", "bart-seq2seq"), { recursive: true });
    const runFile = join(dir, "runs", "bart-seq2seq", "run.json");
    const run = JSON.parse(readFileSync(runFile, "utf8"));
    run.predict.predictions[3][1] += 1;
    writeFileSync(runFile, JSON.stringify(run));
    const rows = await checkRuns(dir);
    expect(failing(rows)).toEqual([
      expect.stringMatching(/^runs\/bart-seq2seq predict predictions 1 of \d+ rows differ/),
    ]);
  });

  it("renders a table whose last line counts passes and failures", () => {
    const table = renderTable([
      { case: "a", measure: "m", value: 0, tolerance: 1e-4, ok: true },
      { case: "b", measure: "m", value: 0.5, tolerance: 1e-4, ok: false },
    ]);
    expect(table.split("\n").at(-1)).toBe("parity: 1 passed, 1 failed");
    expect(table).toContain("FAIL");
  });
});
