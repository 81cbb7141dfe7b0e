import type { PluginInstance, PluginSpec } from "tfjs-trainer";
import type { ResolvedPlugin } from "../plugins/resolve-plugins.js";

const nameOf = (spec: PluginSpec) => (typeof spec === "function" ? spec.pluginName : spec.name);

/**
 * HF's callback list: the defaults (default flow, progress), then the plugins the task adds, then the config's; a
 * plugin named twice appears once, where it was named last. When the config names a plugin the task adds (qa,
 * seq2seq) to set one of its options, the options the task derived from `data:` (n_best_size, the generation length)
 * are kept beneath the config's, which win: the entry adjusts the plugin rather than replacing what the task set.
 */
export function composePlugins(
  defaults: readonly PluginSpec[],
  taskPlugins: readonly PluginSpec[],
  configured: readonly ResolvedPlugin[],
): PluginSpec[] {
  const fromTask = new Map(taskPlugins.map((spec) => [nameOf(spec), spec]));
  const byName = new Map<string, PluginSpec>();
  const fromConfig = configured.map((plugin) => {
    const task = fromTask.get(plugin.instance.name);
    return task && typeof task !== "function" ? withTaskOptions(plugin, task) : plugin.instance;
  });
  for (const spec of [...defaults, ...taskPlugins, ...fromConfig]) {
    byName.delete(nameOf(spec));
    byName.set(nameOf(spec), spec);
  }
  return [...byName.values()];
}

function withTaskOptions(plugin: ResolvedPlugin, task: PluginInstance): PluginInstance {
  const base = isRecord(task.options) ? task.options : {};
  const own = isRecord(plugin.options) ? plugin.options : {};
  return plugin.factory({ ...base, ...own });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
