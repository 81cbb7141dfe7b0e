import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  InMemoryDataset,
  type LogEntry,
  STAGE_CLEANUP,
  TinyClassifier,
  Trainer,
  type TrainingArgumentsInit,
} from "@tfjs-trainer/core";
import { DataCollatorWithPadding } from "@tfjs-trainer/data";
import defaultFlow from "@tfjs-trainer/plugin-default-flow";
import { beforeAll, describe, expect, it } from "vitest";
import { formatBarLine, formatPostfixNumber } from "../src/bar-line.js";
import progress, { formatLogs, PLUGIN_NAME, type ProgressOptions } from "../src/index.js";
import { ANSI, FakeTerminal, sleep } from "./fake-terminal.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const REDRAW_MS = 20;
const rows = Array.from({ length: 8 }, (_, i) => ({ input_ids: [1 + (i % 5), 2, 3], label: i % 3 }));

/** 10 steps of 4 rows (2 steps an epoch), a log every 2 steps; the stream and the plugin's options as given. */
function setup(
  options: ProgressOptions,
  args: Partial<TrainingArgumentsInit> = {},
  logger: (message: string) => void = () => {},
) {
  const trainer = new Trainer({
    model: new TinyClassifier({ vocab_size: 8, hidden_size: 4, num_labels: 3, seed: 1 }),
    args: {
      output_dir: mkdtempSync(join(tmpdir(), "progress-")),
      per_device_train_batch_size: 4,
      per_device_eval_batch_size: 2,
      max_steps: 10,
      logging_steps: 2,
      save_strategy: "no",
      backend: "cpu",
      ...args,
    },
    trainDataset: new InMemoryDataset(rows),
    evalDataset: new InMemoryDataset(rows),
    dataCollator: DataCollatorWithPadding({ padTokenId: 0 }),
    plugins: [defaultFlow, progress({ redrawIntervalMs: REDRAW_MS, ...options })],
    logger,
  });
  // how much had been written when train() ended (taps at a later stage run after the plugin's trainEnd)
  let writtenAtTrainEnd = -1;
  trainer.hooks.trainEnd.tapPromise({ name: "test", stage: STAGE_CLEANUP }, async () => {
    writtenAtTrainEnd = stream(options).chunks.length;
  });
  return { trainer, writtenAtTrainEnd: () => writtenAtTrainEnd };
}

const stream = (options: ProgressOptions) => options.stream as FakeTerminal;
/** The log entries as the log hook received them (log_history adds `step`). */
const loggedEntries = (trainer: Trainer): LogEntry[] =>
  trainer.state.log_history.map(({ step: _step, ...logs }) => logs);

describe("progress plugin", () => {
  it("lines mode prints exactly one line per log, with the logged keys and without total_flos", async () => {
    const out = new FakeTerminal({ isTTY: true });
    const { trainer, writtenAtTrainEnd } = setup(
      { stream: out, mode: "lines" },
      { eval_strategy: "steps", eval_steps: 5 },
    );
    await trainer.train();
    const entries = loggedEntries(trainer);
    // 5 training logs, 2 evaluations, the final train metrics
    expect(entries).toHaveLength(8);
    const lines = out.text.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toHaveLength(entries.length);
    lines.forEach((line, i) => {
      const keys = [...line.matchAll(/'([a-z_]+)': /g)].map((m) => m[1]);
      expect(keys).toEqual(Object.keys(entries[i]).filter((k) => k !== "total_flos"));
      expect(line).toBe(formatLogs(entries[i]));
    });
    expect(lines[0]).toMatch(
      /^\{'loss': [0-9.]+, 'grad_norm': [0-9.e-]+, 'learning_rate': [0-9.e-]+, 'epoch': 1\.0\}$/,
    );
    expect(lines.at(-1)).toMatch(/^\{'train_runtime': .*'train_loss': [0-9.]+, 'epoch': 5\.0\}$/);
    expect(out.text).not.toMatch(ANSI);
    expect(out.text).not.toContain("total_flos");
    expect(entries.at(-1)).toHaveProperty("total_flos"); // dropped from the line, not from the entry
    expect(writtenAtTrainEnd()).toBe(out.chunks.length);
  });

  it("disable_tqdm forces lines, even on a terminal with bars asked for", async () => {
    const out = new FakeTerminal({ isTTY: true });
    const { trainer } = setup(
      { stream: out, mode: "bars" },
      { disable_tqdm: true, eval_strategy: "steps", eval_steps: 5 },
    );
    await trainer.train();
    expect(out.text).not.toMatch(ANSI);
    expect(out.text).not.toMatch(/\d+\/10 \[/);
    expect(out.text.split("\n").slice(0, -1)).toEqual(loggedEntries(trainer).map((e) => formatLogs(e)));
  });

  it("auto mode prints lines when the stream is not a terminal", async () => {
    const out = new FakeTerminal({ isTTY: false });
    const { trainer } = setup({ stream: out });
    await trainer.train();
    expect(out.text.split("\n").slice(0, -1)).toEqual(loggedEntries(trainer).map((e) => formatLogs(e)));
  });

  it("bars mode on a terminal ends with the full step count shown, the logs above, and the bars stopped", async () => {
    const out = new FakeTerminal({ isTTY: true, columns: 120 });
    const { trainer, writtenAtTrainEnd } = setup({ stream: out }, { eval_strategy: "steps", eval_steps: 5 });
    await trainer.train();
    expect(out.text).toMatch(ANSI);
    const { lines, cursor } = out.screen();
    const logLines = loggedEntries(trainer).map((e) => formatLogs(e, { roundEpoch: true }));
    expect(lines.slice(0, -1)).toEqual(logLines); // the evaluation bar was taken off when each evaluation ended
    const bar = lines.at(-1)!;
    expect(bar).toMatch(
      /^100%\|█+\| 10\/10 \[\d\d:\d\d<00:00, +[0-9.]+(it\/s|s\/it), loss=[0-9.]+, learning_rate=/,
    );
    expect(bar.length).toBeLessThan(120);
    const lastTrainingLog = loggedEntries(trainer).findLast((e) => e.loss !== undefined)!;
    expect(bar).toContain(
      `loss=${formatPostfixNumber(lastTrainingLog.loss)}, learning_rate=${formatPostfixNumber(lastTrainingLog.learning_rate)}]`,
    );
    expect(cursor).toEqual({ row: lines.length, col: 0 }); // below the bar: stopped with a newline
    // the evaluation bar sized by the evaluation data loader (8 rows, 2 a batch)
    expect(out.text).toMatch(/100%\|█+\| 4\/4 \[/);
    expect(writtenAtTrainEnd()).toBe(out.chunks.length);
    await sleep(5 * REDRAW_MS);
    expect(out.chunks.length).toBe(writtenAtTrainEnd()); // no redraw timer left
  });

  it("writes the trainer's messages above the bars while they are drawn, or leaves them to its logger", async () => {
    const bestModelRun = {
      eval_strategy: "steps",
      eval_steps: 5,
      save_strategy: "steps",
      save_steps: 5,
      load_best_model_at_end: true,
    } as const;
    const routed = new FakeTerminal({ isTTY: true, columns: 160 });
    const toLogger: string[] = [];
    const { trainer } = setup({ stream: routed }, bestModelRun, (m) => toLogger.push(m));
    await trainer.train();
    const { lines } = routed.screen();
    const message = lines.find((line) => line.startsWith("Loading best model from "));
    expect(message).toBeDefined();
    expect(toLogger.some((m) => m.startsWith("Loading best model"))).toBe(false);
    // every line but the bar is a log line or the message: no bar left behind above them
    expect(lines.filter((line) => /^\d+%\|/.test(line))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^100%\|█+\| 10\/10 /);

    const direct = new FakeTerminal({ isTTY: true, columns: 160 });
    const kept: string[] = [];
    const second = setup({ stream: direct, routeTrainerMessages: false }, bestModelRun, (m) => kept.push(m));
    await second.trainer.train();
    expect(kept.some((m) => m.startsWith("Loading best model from "))).toBe(true);
    expect(direct.screen().lines.some((line) => line.startsWith("Loading best model"))).toBe(false);
  });

  it("redraws are throttled: 40 quick steps draw the bar a few times, not once per step", async () => {
    const out = new FakeTerminal({ isTTY: true });
    const { trainer } = setup(
      { stream: out, redrawIntervalMs: 60_000 },
      { max_steps: 40, logging_steps: 1000 },
    );
    await trainer.train();
    const draws = out.text.match(/\/40 \[/g) ?? [];
    expect(draws.length).toBeGreaterThan(0);
    expect(draws.length).toBeLessThanOrEqual(3);
    expect(out.screen().lines.at(-1)).toMatch(/^100%\|█+\| 40\/40 \[/);
  });

  it("evaluate() outside training leaves its full bar on screen and prints no line, as HF's progress bar", async () => {
    const out = new FakeTerminal({ isTTY: true });
    const { trainer } = setup({ stream: out, mode: "bars" });
    const metrics = await trainer.evaluate();
    expect(metrics).toHaveProperty("eval_loss");
    const { lines } = out.screen();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^100%\|█+\| 4\/4 \[\d\d:\d\d<00:00, +[0-9.?]+(it\/s|s\/it)\]$/);
    const written = out.chunks.length;
    await sleep(5 * REDRAW_MS);
    expect(out.chunks.length).toBe(written);
  });

  it("formats logs as HF prints them: Python's dict, floats as Python writes them", () => {
    const logs = { loss: 0.6934, grad_norm: 1, learning_rate: 5e-5, epoch: 0.125, num_input_tokens_seen: 48 };
    expect(formatLogs({ ...logs, total_flos: 123 })).toBe(
      "{'loss': 0.6934, 'grad_norm': 1.0, 'learning_rate': 5e-05, 'epoch': 0.125, 'num_input_tokens_seen': 48}",
    );
    // the bar's line rounds epoch to 2 decimals with Python's round (ties to even)
    expect(formatLogs({ epoch: 0.125 }, { roundEpoch: true })).toBe("{'epoch': 0.12}");
    expect(formatLogs({ epoch: 2.375 }, { roundEpoch: true })).toBe("{'epoch': 2.38}");
    expect(formatLogs({ epoch: 1 / 3 }, { roundEpoch: true })).toBe("{'epoch': 0.33}");
    expect(formatLogs({ a: 1e16, b: 123456.5, c: 0.0001, d: -2.5e-7, e: Number.NaN })).toBe(
      "{'a': 1e+16, 'b': 123456.5, 'c': 0.0001, 'd': -2.5e-07, 'e': nan}",
    );
  });

  it("draws tqdm-style bar lines: percentage, bar, count, times, rate and postfix within the width", () => {
    const line = formatBarLine({
      value: 4,
      total: 10,
      startValue: 0,
      elapsedMs: 2000,
      postfix: "loss=0.6931",
      width: 70,
    });
    expect(line).toBe(` 40%|${"█".repeat(8)}▊${" ".repeat(13)}| 4/10 [00:02<00:03, 2.00it/s, loss=0.6931]`);
    expect(line).toHaveLength(70);
    expect(
      formatBarLine({ value: 7, total: undefined, startValue: 0, elapsedMs: 1400, postfix: "", width: 80 }),
    ).toBe("7it [00:01, 5.00it/s]");
    // resumed at 2: the rate counts the one item since, slower than one a second
    const slow = { value: 3, total: 5, startValue: 2, elapsedMs: 2500, postfix: "" };
    expect(formatBarLine({ ...slow, width: 50 })).toBe(
      ` 60%|${"█".repeat(9)}▌${" ".repeat(6)}| 3/5 [00:02<00:05, 2.50s/it]`,
    );
    // too narrow for a bar: the text alone, cut to the width
    expect(formatBarLine({ ...slow, width: 30 })).toBe(" 60% 3/5 [00:02<00:05, 2.50s/i");
    expect(formatBarLine({ value: 0, total: 5, startValue: 0, elapsedMs: 0, postfix: "", width: 40 })).toBe(
      `  0%|${" ".repeat(13)}| 0/5 [00:00<?, ?it/s]`,
    );
    expect([1.0985455513000488, 4.5e-5, 5e-6, 0.5, 1, 123456.789, 12345.67].map(formatPostfixNumber)).toEqual(
      ["1.099", "4.5e-5", "5e-6", "0.5", "1", "1.235e+5", "12345.67"],
    );
  });

  it("validates its options, naming the plugin and the field", () => {
    expect(() => progress({ mode: "fancy" as "auto" })).toThrow(/plugin-progress": invalid options: mode/);
    expect(() => progress({ redrawIntervalMs: 0 })).toThrow(
      /plugin-progress": invalid options: redrawIntervalMs/,
    );
    expect(() => progress({ stream: {} as FakeTerminal })).toThrow(
      /plugin-progress": invalid options: stream: must be a writable stream/,
    );
    expect(progress().name).toBe(PLUGIN_NAME);
  });
});
