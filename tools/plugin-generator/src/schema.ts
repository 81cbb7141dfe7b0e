/** The generator's options, as src/schema.json describes them. */
export interface PluginGeneratorSchema {
  name: string;
  directory?: string;
  packageName?: string;
  description?: string;
  skipFormat?: boolean;
}
