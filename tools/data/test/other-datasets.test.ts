import { describe, expect, it } from "vitest";
import { DATASETS } from "../src/datasets/index.js";
import { BROWN_DATASETS, OTHER_DATASETS } from "./dataset-groups.js";
import { datasetTests } from "./dataset-tests.js";

describe.each(OTHER_DATASETS)("%s --size tiny", datasetTests);

it("the two dataset test files cover every dataset", () => {
  expect([...BROWN_DATASETS, ...OTHER_DATASETS].sort()).toEqual(DATASETS.map((d) => d.name).sort());
});
