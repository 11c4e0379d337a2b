export { main, USAGE } from "./main.js";
export { toGeoJSON, toTable } from "./format.js";
export { loadScenario, type Loaded } from "./load.js";
