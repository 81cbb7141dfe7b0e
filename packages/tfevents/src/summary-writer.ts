import { EventFileWriter, type EventFileWriterOptions } from "./event-file-writer.js";
import type { HistogramBins } from "./histogram.js";
import type { ImageInit } from "./image.js";
import type { SummaryValue } from "./messages.js";
import {
  type HParamsInit,
  histogramValue,
  hparamsValues,
  imageValue,
  scalarValue,
  TEXT_TAG_SUFFIX,
  textValue,
} from "./summaries.js";

/**
 * torch's SummaryWriter for one run folder: each `add*` queues one event (step 0 and the current time unless
 * given) and returns at once; `flush()` writes, `close()` flushes and closes. Events reach the file in the order
 * they were added, whatever the callers await.
 */
export class SummaryWriter {
  readonly file: EventFileWriter;

  constructor(
    readonly logDir: string,
    options: EventFileWriterOptions = {},
  ) {
    this.file = new EventFileWriter(logDir, options);
  }

  /** The event file's path. */
  get path(): string {
    return this.file.path;
  }

  /** Queues one event with these summary values. */
  addSummary(values: SummaryValue[], step = 0, wallTime?: number): void {
    this.file.add({ step, wall_time: wallTime, summary: { value: values } });
  }

  addScalar(tag: string, value: number, step = 0, wallTime?: number): void {
    this.addSummary([scalarValue(tag, value)], step, wallTime);
  }

  /** Text under `<tag>/text_summary`, as torch's add_text names it. */
  addText(tag: string, text: string, step = 0, wallTime?: number): void {
    this.addSummary([textValue(`${tag}${TEXT_TAG_SUFFIX}`, text)], step, wallTime);
  }

  addHistogram(
    tag: string,
    values: ArrayLike<number>,
    step = 0,
    options: { bins?: HistogramBins; wallTime?: number } = {},
  ): void {
    this.addSummary([histogramValue(tag, values, options.bins)], step, options.wallTime);
  }

  addImage(tag: string, image: ImageInit, step = 0, wallTime?: number): void {
    this.addSummary([imageValue(tag, image)], step, wallTime);
  }

  /**
   * Makes this run one session of TensorBoard's HParams tab: the experiment (hyperparameter and metric names),
   * the session start (the values) and its end (the status), three events as torch's add_hparams writes them.
   * Unlike torch's add_hparams, which writes them into a new sub-run with copies of the metrics, they go into this
   * run, whose scalar tags named in `metrics` give the metric values (the last of each).
   */
  addHparams(init: HParamsInit, step = 0): void {
    const { experiment, sessionStart, sessionEnd } = hparamsValues(init);
    this.addSummary([experiment], step);
    this.addSummary([sessionStart], step);
    this.addSummary([sessionEnd], step);
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
