import { Trainer as CoreTrainer } from "@tfjs-trainer/core";
import { describe, expect, it } from "vitest";
import { defaultFlow, progress, Trainer, tensorboard, wandb } from "../src/index.js";

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

describe("report_to", () => {
  const logTaps = (t: Trainer) => t.hooks.log.taps.map((tap) => tap.name);

  it("adds the integrations it names to the plugins, once, as HF adds its report callbacks", () => {
    const none = new Trainer({ model, args: { output_dir: "unused" } });
    expect(logTaps(none)).not.toContain(tensorboard.pluginName);
    const one = new Trainer({ model, args: { output_dir: "unused", report_to: "tensorboard" } });
    expect(logTaps(one)).toContain(tensorboard.pluginName);
    expect(logTaps(one)).not.toContain(wandb.pluginName);
    const all = new Trainer({
      model,
      args: { output_dir: "unused", report_to: "all" },
      plugins: [defaultFlow],
    });
    expect(logTaps(all)).toEqual(expect.arrayContaining([tensorboard.pluginName, wandb.pluginName]));
    const named = new Trainer({
      model,
      args: { output_dir: "unused", report_to: ["tensorboard"] },
      plugins: [defaultFlow, tensorboard({ histogram_steps: 0 })],
    });
    expect(logTaps(named).filter((name) => name === tensorboard.pluginName)).toHaveLength(1);
  });

  it("fails on an integration it does not have, naming those it has", () => {
    expect(() => new Trainer({ model, args: { output_dir: "unused", report_to: ["mlflow"] } })).toThrow(
      'report_to: no integration "mlflow" here (there are: tensorboard, wandb, "all" and "none")',
    );
  });
});
