import { library } from "../../tsup.library";

export default library(["glpk.js", "glpk.js/node", "@siting/core"]);
