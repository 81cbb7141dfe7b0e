import { Trainer as CoreTrainer } from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import { defaultFlow, Trainer } from "../src/index.js";

const model = { inputNames: [], forward: () => ({}), namedParameters: () => [] };

describe("tfjs-trainer", () => {
  it("installs the default flow when no plugins are named, and not when some are", () => {
    expect(Trainer.defaultPlugins).toEqual([defaultFlow]);
    expect(CoreTrainer.defaultPlugins).toEqual([]);
    const withDefaults = new Trainer({ model, args: { output_dir: "unused" } });
    expect(withDefaults.hooks.stepEnd.taps.map((t) => t.name)).toEqual(["@tfjs-trainer/plugin-default-flow"]);
    const withoutDefaults = new Trainer({ model, args: { output_dir: "unused" }, plugins: [] });
    expect(withoutDefaults.hooks.stepEnd.taps).toHaveLength(0);
  });
});
