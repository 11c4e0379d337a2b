import { library } from "../../tsup.library";

// the CLI is Node-only and has a second entry, the `siting` bin
export default library([], { entry: ["src/index.ts", "src/cli.ts"], dts: { entry: "src/index.ts" }, target: "node20", platform: "node" });
