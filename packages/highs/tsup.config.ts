import { library } from "../../tsup.library";

export default library(["highs", "@siting/core"]);
