import { join } from "node:path";
import { type PluginFactory, trainingArgumentsSchema } from "tfjs-trainer";
import { z } from "zod";
import { dataBaseShape, modelSectionSchema, tokenizerSectionSchema } from "../config/config-schema.js";
import { BUILTIN_PLUGINS } from "../plugins/builtin-plugins.js";
import { discoverInstalledPlugins } from "../plugins/discover-plugins.js";
import { loadPluginFactory } from "../plugins/resolve-plugins.js";
import { allTasks } from "../tasks/registry.js";

type JsonSchema = Record<string, unknown>;

const toJson = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;

/**
 * `tfjs-trainer schema`: the JSON Schema of a config file, for editors (YAML language servers read it from a
 * `# yaml-language-server: $schema=...` line): the sections, each task's data fields, every TrainingArguments field,
 * and each plugin's options — built-in ones and those installed where the config is.
 */
export async function configJsonSchema(dir: string): Promise<JsonSchema> {
  const plugins = await pluginsVisibleFrom(dir);
  const tasks = allTasks();
  // every field a task's arguments class adds (Seq2SeqTrainingArguments') is a top-level key too
  const argSchemas = [trainingArgumentsSchema, ...tasks.flatMap((t) => t.trainingArguments?.schema ?? [])];
  const args = {
    properties: Object.assign(
      {},
      ...argSchemas.map((s) => (toJson(s) as { properties?: JsonSchema }).properties),
    ),
  };
  const pluginItem = {
    anyOf: [
      { type: "string", enum: plugins.map((p) => p.name) },
      ...plugins.map(({ name, factory }) => ({
        type: "array",
        prefixItems: [
          { const: name },
          factory.optionsSchema ? toJson(factory.optionsSchema) : { type: "object" },
        ],
        minItems: 2,
        maxItems: 2,
      })),
    ],
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "tfjs-trainer config",
    type: "object",
    required: ["task"],
    properties: {
      task: { type: "string", enum: tasks.map((t) => t.name) },
      model: toJson(modelSectionSchema),
      tokenizer: toJson(tokenizerSectionSchema),
      data: { type: "object" },
      plugins: { type: "array", items: pluginItem },
      ...args.properties,
    },
    additionalProperties: false,
    allOf: tasks.map((task) => ({
      if: { properties: { task: { const: task.name } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable
      then: { properties: { data: toJson(z.object(dataBaseShape).extend(task.dataSchema.shape).strict()) } },
    })),
  };
}

async function pluginsVisibleFrom(dir: string): Promise<{ name: string; factory: PluginFactory }[]> {
  const plugins = Object.entries(BUILTIN_PLUGINS).map(([name, factory]) => ({ name, factory }));
  const probe = join(dir, "tfjs-trainer.config.yaml");
  for (const installed of discoverInstalledPlugins(dir)) {
    if (plugins.some((p) => p.factory.pluginName === installed.packageName)) continue;
    try {
      plugins.push({
        name: installed.packageName,
        factory: await loadPluginFactory(installed.packageName, probe, ""),
      });
    } catch {
      // A package that says it is a plugin but does not load is listed by `tfjs-trainer plugins`, not in the schema.
    }
  }
  return plugins;
}
