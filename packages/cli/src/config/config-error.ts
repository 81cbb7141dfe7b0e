/**
 * A mistake in a config file or an override: the message starts with the file, then the field (as a dotted path),
 * then the plugin when one is involved, so the user knows where to look without a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | undefined,
    readonly detail: string,
    readonly plugin?: string,
  ) {
    const where = [file, field, plugin ? `plugin "${plugin}"` : undefined].filter(Boolean).join(": ");
    super(`${where}: ${detail}`);
    this.name = "ConfigError";
  }
}
