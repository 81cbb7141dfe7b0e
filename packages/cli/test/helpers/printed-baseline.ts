/** The task's trivial baseline as the CLI prints it beside one of the evaluation's metrics. */
export interface PrintedBaseline {
  /** What the baseline does, e.g. `copying the text` or `majority class "positive"`. */
  name: string;
  /** The baseline's score on that metric, as printed. */
  value: number;
}

/**
 * The baseline printed beside `metric` (`eval_bleu: 1.2345 (baseline, copying the source: 2.3456; worse than the
 * baseline)`) in a run's lines, or undefined where no such line was printed.
 */
export function printedBaseline(lines: readonly string[], metric: string): PrintedBaseline | undefined {
  const pattern = new RegExp(`^${metric}: \\S+ \\(baseline, (.+): (\\S+); `);
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match) return { name: match[1], value: Number(match[2]) };
  }
  return undefined;
}
