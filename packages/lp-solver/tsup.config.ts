import { library } from "../../tsup.library";

export default library(["javascript-lp-solver", "@siting/core"]);
