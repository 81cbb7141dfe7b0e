export { default } from "../../tools/config/vitest.base";
