import type { PluginFactory, PluginSpec } from "@tfjs-trainer/core";
import tensorboard from "@tfjs-trainer/plugin-tensorboard";
import wandb from "@tfjs-trainer/plugin-wandb";

/** HF's report_to names and the plugin each one installs. */
export const INTEGRATIONS: Readonly<Record<string, PluginFactory>> = { tensorboard, wandb };

const nameOf = (spec: PluginSpec) => (typeof spec === "function" ? spec.pluginName : spec.name);

/**
 * The plugins of `report_to` (already a list: "none" is [], "all" is ["all"]) added to `plugins`, each unless the
 * list names it already (with its own options). HF adds these callbacks whatever callbacks are passed; an unknown
 * integration fails, naming the ones there are.
 */
export function withReportTo(plugins: readonly PluginSpec[], reportTo: readonly string[]): PluginSpec[] {
  const wanted = reportTo.includes("all") ? Object.keys(INTEGRATIONS) : reportTo;
  const present = new Set(plugins.map(nameOf));
  const added: PluginSpec[] = [];
  for (const integration of wanted) {
    const plugin = INTEGRATIONS[integration];
    if (!plugin) {
      throw new Error(
        `report_to: no integration "${integration}" here (there are: ${Object.keys(INTEGRATIONS).join(", ")}, ` +
          `"all" and "none")`,
      );
    }
    if (!present.has(plugin.pluginName)) added.push(plugin);
  }
  return [...plugins, ...added];
}
