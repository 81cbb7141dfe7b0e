import { type DataCollator, type Feature, FeatureError, type HostBatch } from "@tfjs-trainer/data";
import type { Dataset, IterableDataset } from "./dataset.js";
import type { Sampler } from "./samplers.js";

export interface DataLoaderOptions {
  batchSize: number;
  dropLast: boolean;
  collate: DataCollator;
  sampler?: Sampler;
  /** How errors name the data ("train dataset"): a bad row is reported by its index in it. */
  name?: string;
}

/** A collator's complaint about the i-th row it was given, re-worded with that row's index in the dataset. */
function inDataset(error: unknown, name: string | undefined, rowIndex: (i: number) => number): unknown {
  if (!(error instanceof FeatureError)) return error;
  return new Error(`${name ?? "dataset"} row ${rowIndex(error.index)}: "${error.key}" ${error.problem}`, {
    cause: error,
  });
}

/** Batches of an epoch by index. `length` is undefined when the data has no length (an iterable dataset). */
export interface BatchSource {
  readonly length: number | undefined;
  /** Rows in the dataset, when known. */
  readonly numExamples: number | undefined;
  /** The batch at `index` of `epoch`, or undefined past the end. */
  batch(epoch: number, index: number): Promise<HostBatch | undefined>;
}

/**
 * Batches of an indexed dataset: `batch(epoch, i)` collates rows order[i*bs .. (i+1)*bs), so resuming at batch k
 * costs the same as starting (no iteration over seen batches).
 */
export class DataLoader implements BatchSource {
  private cachedEpoch = -1;
  private cachedOrder: Int32Array | undefined;

  constructor(
    readonly dataset: Dataset,
    readonly options: DataLoaderOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new Error(`batch size must be a positive integer, got ${options.batchSize}`);
    }
  }

  get length(): number {
    const n = this.dataset.length / this.options.batchSize;
    return this.options.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  get numExamples(): number {
    return this.dataset.length;
  }

  /** Row indices of an epoch's batch. */
  indices(epoch: number, batchIndex: number): Int32Array {
    const order = this.order(epoch);
    const start = batchIndex * this.options.batchSize;
    return order.subarray(start, Math.min(start + this.options.batchSize, order.length));
  }

  async batch(epoch: number, index: number): Promise<HostBatch | undefined> {
    if (index < 0 || index >= this.length) return undefined;
    const indices = this.indices(epoch, index);
    const rows = await Promise.all(Array.from(indices, (i) => this.dataset.get(i)));
    try {
      return this.options.collate(rows);
    } catch (error) {
      throw inDataset(error, this.options.name, (i) => indices[i]);
    }
  }

  private order(epoch: number): Int32Array {
    if (this.cachedEpoch !== epoch || !this.cachedOrder) {
      this.cachedOrder = this.options.sampler
        ? this.options.sampler.order(epoch)
        : Int32Array.from({ length: this.dataset.length }, (_, i) => i);
      this.cachedEpoch = epoch;
    }
    return this.cachedOrder;
  }
}

/**
 * Batches of an iterable dataset, read in order; each new epoch iterates the dataset again. Asking for batch k of an
 * epoch from elsewhere (a resume) starts the stream at row k × batch size when the dataset has `iterateFrom`, and
 * otherwise reads and discards the rows before it.
 */
export class IterableBatchSource implements BatchSource {
  readonly length = undefined;
  readonly numExamples = undefined;
  private epoch = -1;
  private next = 0;
  private iterator: AsyncIterator<Feature> | undefined;
  private done = false;

  constructor(
    private readonly dataset: IterableDataset,
    private readonly options: Omit<DataLoaderOptions, "sampler">,
  ) {}

  async batch(epoch: number, index: number): Promise<HostBatch | undefined> {
    if (epoch !== this.epoch || index < this.next) this.restart(epoch, index);
    while (this.next < index) {
      if (!(await this.readRows())) return undefined;
      this.next++;
    }
    const rows = await this.readRows();
    if (!rows) return undefined;
    this.next++;
    try {
      return this.options.collate(rows);
    } catch (error) {
      throw inDataset(error, this.options.name, (i) => index * this.options.batchSize + i);
    }
  }

  /** Starts `epoch` over, at batch `index` when the stream can seek there (else at 0, and `batch` reads up to it). */
  private restart(epoch: number, index: number): void {
    this.epoch = epoch;
    this.done = false;
    if (index > 0 && this.dataset.iterateFrom) {
      this.next = index;
      this.iterator = this.dataset.iterateFrom(index * this.options.batchSize);
    } else {
      this.next = 0;
      this.iterator = this.dataset[Symbol.asyncIterator]();
    }
  }

  private async readRows(): Promise<Feature[] | undefined> {
    if (this.done || !this.iterator) return undefined;
    const rows: Feature[] = [];
    while (rows.length < this.options.batchSize) {
      const { value, done } = await this.iterator.next();
      if (done) {
        this.done = true;
        break;
      }
      rows.push(value);
    }
    if (rows.length === 0 || (rows.length < this.options.batchSize && this.options.dropLast))
      return undefined;
    return rows;
  }
}
