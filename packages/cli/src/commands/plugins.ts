import { BUILTIN_PLUGINS } from "../plugins/builtin-plugins.js";
import { discoverInstalledPlugins, PLUGIN_KEYWORD } from "../plugins/discover-plugins.js";

/** `tfjs-trainer plugins`: what a config in `dir` can name, built-in and installed. */
export function pluginsCommand(dir: string, print: (line: string) => void): void {
  print("built-in (name them by the short name or the package name):");
  for (const [name, factory] of Object.entries(BUILTIN_PLUGINS)) {
    print(`  ${name.padEnd(20)} ${factory.pluginName}`);
  }
  const installed = discoverInstalledPlugins(dir).filter(
    (plugin) => !Object.values(BUILTIN_PLUGINS).some((factory) => factory.pluginName === plugin.packageName),
  );
  print(`installed (packages with the keyword "${PLUGIN_KEYWORD}", from ${dir} up):`);
  if (installed.length === 0) print("  none");
  for (const plugin of installed) {
    print(`  ${`${plugin.packageName}@${plugin.version}`.padEnd(40)} ${plugin.description}`);
  }
  print("local files: name them by a path starting with ./ (relative to the config file)");
}
