export { default, default as checkpointRotation, PLUGIN_NAME } from "./checkpoint-rotation.js";
export { checkpointsToDelete, checkpointsToDeleteAtEnd, findBest } from "./plan.js";
