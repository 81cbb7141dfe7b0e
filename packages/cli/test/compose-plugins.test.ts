import { definePlugin, type PluginSpec } from "tfjs-trainer";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ResolvedPlugin } from "../src/plugins/resolve-plugins.js";
import { composePlugins } from "../src/run/compose-plugins.js";

const options = z
  .object({ n_best_size: z.number().default(20), max_answer_length: z.number().default(30) })
  .strict();
const qa = definePlugin({ name: "qa", options, apply: () => undefined });
const flow = definePlugin({ name: "flow", apply: () => undefined });
const board = definePlugin({ name: "board", apply: () => undefined });

const fromConfig = (
  factory: typeof qa | typeof board,
  written?: Record<string, unknown>,
): ResolvedPlugin => ({
  name: factory.pluginName,
  factory,
  options: written,
  instance: factory(written),
});
const describeAll = (specs: PluginSpec[]) =>
  specs.map((spec) => (typeof spec === "function" ? spec.pluginName : [spec.name, spec.options]));

describe("composePlugins", () => {
  it("keeps the defaults, then the task's plugins, then the config's, each plugin once", () => {
    const composed = composePlugins([flow], [qa({ n_best_size: 5 })], [fromConfig(board)]);
    expect(describeAll(composed)).toEqual([
      "flow",
      ["qa", { n_best_size: 5, max_answer_length: 30 }],
      ["board", {}],
    ]);
  });

  it("a config entry for a plugin the task adds keeps the task's options under its own", () => {
    const task = qa({ n_best_size: 5, max_answer_length: 12 });
    const composed = composePlugins([flow], [task], [fromConfig(qa, { max_answer_length: 40 })]);
    expect(describeAll(composed)).toEqual(["flow", ["qa", { n_best_size: 5, max_answer_length: 40 }]]);
  });

  it("a config entry for a default plugin replaces it", () => {
    const composed = composePlugins([flow, board], [], [fromConfig(board)]);
    expect(describeAll(composed)).toEqual(["flow", ["board", {}]]);
  });
});
