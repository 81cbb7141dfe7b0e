/** Every error this package raises about its input; `path` names the file or folder to blame, where there is one. */
export class TokenizerError extends Error {
  readonly path: string | undefined;

  constructor(message: string, path?: string) {
    super(message);
    this.name = "TokenizerError";
    this.path = path;
  }
}
