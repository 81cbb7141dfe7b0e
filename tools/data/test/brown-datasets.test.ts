import { describe } from "vitest";
import { BROWN_DATASETS } from "./dataset-groups.js";
import { datasetTests } from "./dataset-tests.js";

describe.each(BROWN_DATASETS)("%s --size tiny", datasetTests);
