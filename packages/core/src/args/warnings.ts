/** Receives warnings about arguments (deprecated names, ignored fields). */
export type WarningHandler = (message: string) => void;

const alreadyWarned = new Set<string>();

/**
 * The default handler: each distinct warning is printed once per process, so re-validating the same arguments
 * (`with()`, a resumed run) does not repeat it.
 */
export const warnOnce: WarningHandler = (message) => {
  if (alreadyWarned.has(message)) return;
  alreadyWarned.add(message);
  console.warn(message);
};
