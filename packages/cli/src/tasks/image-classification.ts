import type { Feature } from "@tfjs-trainer/data";
import { InMemoryDataset } from "tfjs-trainer";
import { z } from "zod";
import { ConfigError } from "../config/config-error.js";
import { LABELS, LayersCnnForImageClassification } from "./image-classification/cnn-model.js";
import {
  CNN_ARCHITECTURE,
  type CnnConfig,
  imageSide,
  parseCnnConfig,
} from "./image-classification/model-config.js";
import { type ImageLayout, imageCollator, imageFeature } from "./image-classification/pixels.js";
import { accuracyOfArgmax, majorityClassBaseline, writePredictResults } from "./shared/classification.js";
import { type LabelSpace, labelSpace } from "./shared/labels.js";
import { defineTask, type Row } from "./task.js";

const side = z.number().int().positive();

const dataSchema = z.object({
  image_column: z
    .string()
    .default("pixels")
    .describe(
      "Column holding each image: height × width × channels numbers 0–255, row-major, channels last.",
    ),
  label_column: z.string().default("label").describe("Column holding the class (a name or an id)."),
  height: side.default(28).describe("Image height in pixels; every row is checked against it."),
  width: side.default(28).describe("Image width in pixels."),
  channels: side.default(1).describe("Values per pixel (1: grey, 3: RGB)."),
});
type Data = z.output<typeof dataSchema>;

/**
 * run_image_classification.py on images stored as pixel lists, with a small tfjs-layers CNN instead of an HF
 * vision model: scored by accuracy against the majority class.
 */
export default defineTask({
  name: "image-classification",
  hfScript: "run_image_classification.py",
  description:
    "Classify images given as pixel lists with a tfjs-layers CNN (accuracy; baseline: the majority class).",
  dataSchema,
  defaultArchitecture: CNN_ARCHITECTURE,
  requiredColumns: (data, split) => ({
    image_column: data.image_column,
    ...(split === "test" ? {} : { label_column: data.label_column }),
  }),
  async prepare({ data, splits, pretrainedConfig }) {
    const layout: ImageLayout = {
      column: data.image_column,
      height: data.height,
      width: data.width,
      channels: data.channels,
    };
    const labels = labelSpace(splits.train ?? splits.validation ?? [], data.label_column, pretrainedConfig);
    const toDataset = (rows: Row[] | undefined, field: "train_file" | "validation_file" | "test_file") => {
      // the data section also holds the split files (every task's fields), which the task's own type leaves out
      const file = String((data as Record<string, unknown>)[field] ?? `data.${field}`);
      return rows && new InMemoryDataset(imageFeatures(rows, file, layout, data.label_column, labels));
    };
    return {
      modelConfig: {
        ...labels.config,
        image_size: data.height === data.width ? data.height : [data.height, data.width],
        num_channels: data.channels,
      },
      train: toDataset(splits.train, "train_file"),
      validation: toDataset(splits.validation, "validation_file"),
      test: toDataset(splits.test, "test_file"),
      dataCollator: imageCollator(layout),
      computeMetrics: accuracyOfArgmax,
      baseline: majorityClassBaseline(splits, data.label_column),
      async buildModel(config, seed) {
        const requested = (config.architectures as string[] | undefined)?.[0];
        if (requested !== undefined && requested !== CNN_ARCHITECTURE) {
          throw new Error(
            `model.architecture "${requested}": image-classification builds ${CNN_ARCHITECTURE} only`,
          );
        }
        const cnn = parseCnnConfig(config);
        checkImageFits(cnn, data);
        return new LayersCnnForImageClassification(cnn, seed);
      },
      writePredictions: writePredictResults((id) => labels.names[id]),
    };
  },
});

/** Rows as features (checked image, class id when the row has a label); errors name the file and the row. */
function imageFeatures(
  rows: Row[],
  file: string,
  layout: ImageLayout,
  labelColumn: string,
  labels: LabelSpace,
): Feature[] {
  return rows.map((row, i) => {
    const feature = imageFeature(row, layout, file, i);
    if (!(labelColumn in row)) return feature;
    try {
      feature[LABELS] = labels.idOf(row[labelColumn], `"${labelColumn}" (data.label_column)`);
    } catch (error) {
      throw new ConfigError(file, `row ${i + 1}`, (error as Error).message);
    }
    return feature;
  });
}

/** A model loaded from a checkpoint keeps its image size: the data must have the same (a CNN's dense layer fixes it). */
function checkImageFits(config: CnnConfig, data: Data): void {
  const { height, width } = imageSide(config);
  if (height !== data.height || width !== data.width || config.num_channels !== data.channels) {
    throw new Error(
      `image_size ${JSON.stringify(config.image_size)}, num_channels ${config.num_channels}: the model takes ` +
        `${height}×${width}×${config.num_channels} images, the data is ${data.height}×${data.width}×${data.channels} ` +
        "(data.height, data.width, data.channels)",
    );
  }
}
