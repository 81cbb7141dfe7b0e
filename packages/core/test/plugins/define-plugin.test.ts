import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlugin, PluginOptionsError } from "../../src/plugins/define-plugin.js";
import { Trainer } from "../../src/trainer.js";

const model = { inputNames: [], forward: () => ({}), namedParameters: () => [] };

describe("definePlugin", () => {
  const counter = definePlugin({
    name: "counter",
    options: z.object({ every: z.number().int().positive().default(2) }),
    stateKey: (o) => `counter{${o.every}}`,
    apply(trainer, options) {
      let count = 0;
      trainer.hooks.stepEnd.tapPromise("counter", async () => {
        count += options.every;
      });
      return {
        state: () => ({ args: { every: options.every }, attributes: { count } }),
        loadState: (s) => {
          count = s.attributes.count as number;
        },
      };
    },
  });

  it("validates options with defaults and names the plugin and the field on bad input", () => {
    expect(counter().options).toEqual({ every: 2 });
    expect(counter({ every: 5 }).stateKey).toBe("counter{5}");
    expect(() => counter({ every: -1 })).toThrow(PluginOptionsError);
    expect(() => counter({ every: -1 })).toThrow(/plugin "counter": invalid options: every:/);
  });

  it("registers the plugin's state handle under its stateKey; two plugins may not share one", () => {
    const trainer = new Trainer({ model, args: { output_dir: "unused" }, plugins: [counter({ every: 3 })] });
    expect([...trainer.pluginStates.keys()]).toEqual(["counter{3}"]);
    expect(trainer.pluginStates.get("counter{3}")?.state?.()).toEqual({
      args: { every: 3 },
      attributes: { count: 0 },
    });
    expect(() => new Trainer({ model, args: { output_dir: "unused" }, plugins: [counter, counter] })).toThrow(
      /already saves its state under "counter\{2\}"/,
    );
  });

  it("orders taps across plugins by stage and before", () => {
    const order: string[] = [];
    const at = (name: string, tap: { stage?: number; before?: string }) =>
      definePlugin({
        name,
        apply(trainer) {
          trainer.hooks.initEnd.tap({ name, ...tap }, () => order.push(name));
        },
      });
    new Trainer({
      model,
      args: { output_dir: "unused" },
      plugins: [
        at("late", { stage: 10 }),
        at("plain", {}),
        at("early", { stage: -10 }),
        at("first", { before: "early" }),
      ],
    });
    expect(order).toEqual(["first", "early", "plain", "late"]);
  });

  it("rejects a definition without a name or apply", () => {
    // @ts-expect-error: checking the runtime guard
    expect(() => definePlugin({ name: "" })).toThrow(/needs a name and an apply/);
  });
});
