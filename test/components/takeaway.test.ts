// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {claimTakeaway, countPhrase, summaryTakeaway} from "../../src/components/takeaway.js";

/** Verdict rows as experiments/claims/ writes them (the columns the takeaway reads). */
function row(claim: string, replicate: string, verdict: string) {
  const replicateLabel =
    {mnist: "MNIST", fashion: "Fashion-MNIST", "mnist-113": "MNIST, data seed 113"}[replicate] ?? replicate;
  return {experiment: "x", claim, replicate, replicateLabel, verdict, statement: `Claim ${claim} holds.`};
}

const rows = [
  row("a", "mnist", "agrees"),
  row("a", "fashion", "disagrees"),
  row("a", "mnist-113", "partly"),
  row("b", "mnist", "untested"),
  row("c", "mnist", "untested"),
  row("d", "mnist", "partly")
];

describe("a section's takeaway from the verdict rows", () => {
  it("gives one claim's verdict on MNIST, each replication's, then the claim", () => {
    const span = claimTakeaway(rows, {claims: ["a"]});
    expect(span.textContent).toBe(
      "Agrees on MNIST (replications: disagrees on Fashion-MNIST; partly on MNIST, data seed 113): Claim a holds."
    );
    expect(Array.from(span.querySelectorAll(".verdict"), (badge) => badge.className)).toEqual([
      "verdict verdict-agrees",
      "verdict verdict-disagrees",
      "verdict verdict-partly"
    ]);
  });

  it("counts the verdicts of several claims, in the order agrees, partly, disagrees, untested", () => {
    expect(claimTakeaway(rows, {claims: ["b", "c", "d"]}).textContent).toBe(
      "Of the 3 claims of this section, on MNIST: 1 partly agrees and 2 untested."
    );
    expect(claimTakeaway(rows).textContent).toBe(
      "Of the 4 claims of this section, on MNIST: 1 agrees, 1 partly agrees and 2 untested."
    );
    expect(claimTakeaway(rows, {replicate: "fashion"}).textContent).toBe(
      "Disagrees on Fashion-MNIST (replications: agrees on MNIST; partly on MNIST, data seed 113): Claim a holds."
    );
  });

  it("leads with the verdict sentence's own words, as the verdict paragraph does", () => {
    const notConverged = {
      ...row("e", "mnist", "untested"),
      sentence: "Not judged: 2 of 2 runs had not converged at the quick profile; measured 0.5: half the runs."
    };
    const span = claimTakeaway([notConverged, row("e", "fashion", "untested")]);
    expect(span.textContent).toBe("Not judged on MNIST (replications: untested on Fashion-MNIST): Claim e holds.");
    expect(span.querySelector(".verdict")?.className).toBe("verdict verdict-untested");
  });

  it("says so when none of the claims is in the table", () => {
    expect(claimTakeaway(rows, {claims: ["missing"]}).textContent).toBe(
      "No claim of this section is in the verdicts table."
    );
    expect(claimTakeaway([]).textContent).toBe("No claim of this section is in the verdicts table.");
  });

  it("agrees the verb with the count", () => {
    expect(countPhrase("agrees", 1)).toBe("1 agrees");
    expect(countPhrase("agrees", 3)).toBe("3 agree");
    expect(countPhrase("disagrees", 2)).toBe("2 disagree");
    expect(countPhrase("untested", 1)).toBe("1 untested");
  });
});

describe("a measured number from a summary table", () => {
  const summary = [
    {
      replicate: "mnist",
      quantity: "final",
      label: "final effective rank",
      median: 7.4,
      min: 7.1,
      max: 7.93,
      count: 5,
      seeds: 5
    },
    {
      replicate: "mnist",
      quantity: "jump1Step",
      label: "step of the first jump",
      median: 12040.4,
      min: 11000,
      max: 13000,
      count: 3,
      seeds: 5
    },
    {
      replicate: "mnist",
      quantity: "jump2Step",
      label: "step of the second jump",
      median: null,
      min: null,
      max: null,
      count: 0,
      seeds: 5
    },
    {
      replicate: "fashion",
      quantity: "final",
      label: "final effective rank",
      median: 3,
      min: 3,
      max: 3,
      count: 1,
      seeds: 1
    }
  ];

  it("gives the median, the range and the number of seeds, formatted as the summary table does", () => {
    expect(summaryTakeaway(summary, "final")).toBe(
      "Final effective rank on MNIST: 7.40 (median of 5 seeds, range 7.10 – 7.93)."
    );
    expect(summaryTakeaway(summary, "jump1Step")).toBe(
      "Step of the first jump on MNIST: 12,040 (median of 3 of 5 seeds, range 11,000 – 13,000)."
    );
    expect(summaryTakeaway(summary, "final", {replicate: "fashion", replicateLabel: "Fashion-MNIST"})).toBe(
      "Final effective rank on Fashion-MNIST: 3.00 (median of 1 seed)."
    );
  });

  it("says when no seed has the quantity, or when the table lacks it", () => {
    expect(summaryTakeaway(summary, "jump2Step")).toBe(
      "Step of the second jump on MNIST: none of the 5 seeds has one."
    );
    expect(summaryTakeaway(summary, "peak")).toBe("The summary table has no peak on MNIST.");
  });
});
