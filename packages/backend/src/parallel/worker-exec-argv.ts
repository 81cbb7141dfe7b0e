/** Options of the main script that a worker thread refuses (it runs a file, not the command line's code). */
const SCRIPT_OPTIONS = new Set(["-e", "--eval", "-p", "--print", "--input-type"]);

/**
 * The parent's Node options for a worker thread: all of them (loaders, conditions, memory limits), except those
 * that describe how the main script was given (`node --input-type=module -e …`), with which a Worker fails to start.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const [name, inlineValue] = parent[i].split(/=(.*)/s, 2);
    if (!SCRIPT_OPTIONS.has(name)) kept.push(parent[i]);
    else if (inlineValue === undefined) i++;
  }
  return kept;
}
