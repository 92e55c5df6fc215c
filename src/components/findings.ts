/**
 * The experiments' `findings` tables in a page (experiments/findings.ts computes them: facts that
 * hold by construction, with the number that checks them, and observations nobody claimed). Nothing
 * here computes or judges: a paragraph of the sentences, each fact marked as such.
 */
import type {Row} from "./metricCurves.js";

/**
 * One paragraph with the sentences of the given findings (by id, in that order; every finding of
 * the replicate when `ids` is omitted). A fact is preceded by "Fact:", an observation by nothing.
 * Empty (no paragraph text) when none of them is in the table.
 */
export function findingsParagraph(
  rows: readonly Row[],
  {ids, replicate = "mnist"}: {ids?: readonly string[]; replicate?: string} = {}
): HTMLParagraphElement {
  const own = rows.filter((row) => row.replicate === replicate);
  const chosen = ids ? ids.map((id) => own.find((row) => row.id === id)).filter((r): r is Row => !!r) : own;
  const p = document.createElement("p");
  p.className = "evidence findings";
  chosen.forEach((row, k) => {
    if (k) p.append(" ");
    if (row.kind === "fact") {
      const label = document.createElement("em");
      label.textContent = "Fact: ";
      p.append(label);
    }
    p.append(String(row.sentence));
  });
  return p;
}

/** The sentence of one finding, or `fallback` when the table does not have it. */
export function findingSentence(rows: readonly Row[], id: string, fallback = "", replicate = "mnist"): string {
  const row = rows.find((r) => r.id === id && r.replicate === replicate);
  return row ? String(row.sentence) : fallback;
}

/** Which profile a page's runs come from, in a sentence (the profile is in every table's metadata). */
export function profileNote(profile: string): string {
  const notes: Record<string, string> = {
    quick:
      "the quick profile: the tests' build, with 500 images and a few hundred steps, far too short to judge anything",
    default:
      "the default profile, what `npm run build` runs within its time budget: sweeps shorter than the study's " +
      "40,000–100,000 epochs, so a claim whose runs have not converged is marked as not judged",
    full: "the full profile, the study's budgets (`NMF_PROFILE=full npm run build`, hours; the run cache resumes it run by run)"
  };
  return notes[profile] ?? `the ${profile} profile`;
}
