/** The home page's summary of the study's verdicts: one row per claim, linked to the section that shows it. */
import type {ExperimentTable} from "../../components/experimentTables.js";
import {verdictTable} from "../../components/verdicts.js";

/** Where each experiment's claims are shown on the other pages. */
const studySections = {
  "singular-values": {title: "Singular values", href: "./low-rank-bias#singular-values-are-learned-one-after-another"},
  plateaus: {title: "Plateaus", href: "./low-rank-bias#the-effective-rank-climbs-in-plateaus"},
  "early-stopping": {title: "Early stopping", href: "./low-rank-bias#stopping-on-a-plateau"},
  inits: {title: "Initializations", href: "./solvers#initializations"},
  losses: {title: "Losses", href: "./deep-nmf#losses"},
  depth: {title: "Depth", href: "./deep-nmf#depth"}
};

/** The verdicts of every experiment's table, in the order of the tables given. */
export function studyVerdictTable(tables: Record<string, ExperimentTable>): HTMLTableElement {
  return verdictTable(
    Object.values(tables).flatMap((t) => t.rows),
    {sections: studySections}
  );
}
