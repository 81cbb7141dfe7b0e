/**
 * Every failure names the file (`source`) it came from and, where one is to blame, the tensor: a checkpoint folder
 * holds several safetensors files, and "invalid offsets" alone does not say which one to look at.
 */
export class SafetensorsError extends Error {
  readonly source: string;
  readonly tensor: string | undefined;

  constructor(source: string, message: string, options: { tensor?: string; cause?: unknown } = {}) {
    const where =
      options.tensor === undefined ? source : `${source}: tensor ${JSON.stringify(options.tensor)}`;
    super(`${where} ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SafetensorsError";
    this.source = source;
    this.tensor = options.tensor;
  }
}
