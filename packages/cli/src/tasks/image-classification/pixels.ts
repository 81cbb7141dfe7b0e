import type { DataCollator, Feature, HostBatch } from "@tfjs-trainer/data";
import { ConfigError } from "../../config/config-error.js";
import type { Row } from "../task.js";
import { LABELS, PIXEL_VALUES } from "./cnn-model.js";

/** The image layout the data declares: every row holds height × width × channels values, channels last. */
export interface ImageLayout {
  column: string;
  height: number;
  width: number;
  channels: number;
}

const MAX_PIXEL = 255;

/**
 * A row's image as a feature, after checking it: a list of height × width × channels numbers in 0–255 (row-major,
 * channels last). A bad row fails naming the data file, the row and the column, before anything is trained.
 */
export function imageFeature(row: Row, layout: ImageLayout, file: string, index: number): Feature {
  const pixels = row[layout.column];
  const where = `row ${index + 1}`;
  const size = layout.height * layout.width * layout.channels;
  const declared = `data.height × data.width × data.channels = ${layout.height} × ${layout.width} × ${layout.channels} = ${size}`;
  if (!Array.isArray(pixels)) {
    throw new ConfigError(
      file,
      where,
      `"${layout.column}" (data.image_column) must be a list of ${size} numbers (${declared})`,
    );
  }
  if (pixels.length !== size) {
    throw new ConfigError(
      file,
      where,
      `"${layout.column}" (data.image_column) has ${pixels.length} values, but ${declared}`,
    );
  }
  for (let i = 0; i < pixels.length; i++) {
    const value = pixels[i];
    if (typeof value !== "number" || !(value >= 0 && value <= MAX_PIXEL)) {
      throw new ConfigError(
        file,
        where,
        `"${layout.column}"[${i}] is ${JSON.stringify(value)}: pixel values must be numbers from 0 to ${MAX_PIXEL}`,
      );
    }
  }
  return { [PIXEL_VALUES]: pixels as number[] };
}

/**
 * Stacks a batch's images into `pixel_values` [batch, height, width, channels], scaled from 0–255 to [0, 1] as HF's
 * image processors rescale (× 1/255), and their class ids into `labels`. Rows are scaled here rather than stored
 * scaled, so the dataset keeps the data's own numbers and the scaling costs one pass per batch.
 */
export function imageCollator(layout: ImageLayout): DataCollator {
  const size = layout.height * layout.width * layout.channels;
  return (features) => {
    const pixels = new Float32Array(features.length * size);
    features.forEach((feature, i) => {
      const values = feature[PIXEL_VALUES] as readonly number[];
      for (let j = 0; j < size; j++) pixels[i * size + j] = values[j] / MAX_PIXEL;
    });
    const batch: HostBatch = {
      [PIXEL_VALUES]: {
        dtype: "float32",
        shape: [features.length, layout.height, layout.width, layout.channels],
        data: pixels,
      },
    };
    const labelled = features.filter((feature) => feature[LABELS] !== undefined).length;
    if (labelled === features.length) {
      batch[LABELS] = {
        dtype: "int32",
        shape: [features.length],
        data: Int32Array.from(features, (feature) => feature[LABELS] as number),
      };
    } else if (labelled > 0) {
      throw new Error(`image batch: ${labelled} of ${features.length} rows have labels (all or none must)`);
    }
    return batch;
  };
}
