import { z } from "zod";
import { configErrorFromZod } from "../../config/zod-issues.js";

/** The architecture name written to config.json's `architectures`, as HF names a model class. */
export const CNN_ARCHITECTURE = "LayersCnnForImageClassification";

const positiveInt = z.number().int().positive();

/**
 * config.json of the CNN: HF's general fields, the image's size (from the data), and the layer sizes. Strict, so a
 * misspelt size in `model.config` fails instead of silently training the default.
 */
const cnnConfigSchema = z
  .object({
    architectures: z.array(z.string()).optional(),
    model_type: z.string().optional(),
    num_labels: positiveInt.describe("Classes (from the data's labels)."),
    id2label: z.record(z.string(), z.string()).optional(),
    label2id: z.record(z.string(), z.number()).optional(),
    image_size: z
      .union([positiveInt, z.tuple([positiveInt, positiveInt])])
      .describe("Height and width in pixels: one number for a square image, else [height, width]."),
    num_channels: positiveInt.describe("Values per pixel (1: grey, 3: RGB)."),
    filters: z
      .array(positiveInt)
      .min(1)
      .default([16, 32])
      .describe("Filters of each convolution; each is followed by a 2×2 max pool."),
    kernel_size: positiveInt.default(3).describe("Side of the square convolution kernels."),
    hidden_size: positiveInt.default(64).describe("Units of the dense layer before the classifier."),
  })
  .strict();

export type CnnConfig = z.output<typeof cnnConfigSchema>;

/** Height and width of a config's `image_size`. */
export function imageSide(config: Pick<CnnConfig, "image_size">): { height: number; width: number } {
  const [height, width] = Array.isArray(config.image_size)
    ? config.image_size
    : [config.image_size, config.image_size];
  return { height, width };
}

/**
 * Validates a model config and fills the defaults. Errors start with the field ("filters: …"); the CLI puts the
 * config file and the section (model.config, or the checkpoint's config.json) in front.
 */
export function parseCnnConfig(raw: Record<string, unknown>): CnnConfig {
  const result = cnnConfigSchema.safeParse(raw);
  if (!result.success) {
    const error = configErrorFromZod(result.error, "", "", cnnConfigSchema.shape);
    throw new Error(`${error.field ?? "config"}: ${error.detail}`);
  }
  const config = result.data;
  const { height, width } = imageSide(config);
  const pools = config.filters.length;
  if (height >> pools < 1 || width >> pools < 1) {
    throw new Error(
      `filters: ${pools} convolutions, each followed by a 2×2 max pool, shrink a ${height}×${width} image below ` +
        `one pixel; use at most ${Math.floor(Math.log2(Math.min(height, width)))}`,
    );
  }
  return config;
}
