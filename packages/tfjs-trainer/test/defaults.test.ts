import { Trainer as CoreTrainer } from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import { defaultFlow, progress, Trainer } from "../src/index.js";

const model = { inputNames: [], forward: () => ({}), namedParameters: () => [] };

describe("tfjs-trainer", () => {
  it("installs the default flow and progress when no plugins are named, and not when some are", () => {
    expect(Trainer.defaultPlugins).toEqual([defaultFlow, progress]);
    expect(CoreTrainer.defaultPlugins).toEqual([]);
    const withDefaults = new Trainer({ model, args: { output_dir: "unused" } });
    expect(withDefaults.hooks.stepEnd.taps.map((t) => t.name)).toEqual([
      "@tfjs-trainer/plugin-default-flow",
      "@tfjs-trainer/plugin-progress",
    ]);
    const withoutDefaults = new Trainer({ model, args: { output_dir: "unused" }, plugins: [] });
    expect(withoutDefaults.hooks.stepEnd.taps).toHaveLength(0);
  });
});
