// Run by test/io/commit.test.ts as a child process: `tsx killDuringCommit.ts ROOT N` sets up the
// scenario in ROOT, then writes it and kills itself with SIGKILL just before file operation N.
import {commitFiles} from "../../io/commit.js";
import {createScenario, instrumentedOps} from "./commitScenario.js";

const [root, at] = process.argv.slice(2);
const {request} = createScenario(root);
const ops = instrumentedOps((index) => {
  if (index === Number(at)) process.kill(process.pid, "SIGKILL");
});
await commitFiles(request, {ops});
