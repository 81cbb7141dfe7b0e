export { default, default as defaultFlow, PLUGIN_NAME } from "./default-flow.js";
