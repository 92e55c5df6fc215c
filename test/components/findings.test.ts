// @vitest-environment jsdom
import {describe, expect, it} from "vitest";
import {findingSentence, findingsParagraph, profileNote} from "../../src/components/findings.js";

/** Rows as experiments/findings.ts writes them. */
const rows = [
  {
    experiment: "x",
    id: "bound",
    kind: "fact",
    replicate: "mnist",
    sentence: "No run ends below the bound.",
    value: 0.1
  },
  {experiment: "x", id: "closest", kind: "takeaway", replicate: "mnist", sentence: "HALS ends closest.", value: 1},
  {experiment: "x", id: "closest", kind: "takeaway", replicate: "fashion", sentence: "MU ends closest.", value: 1}
];

describe("findings in a page", () => {
  it("writes the sentences of one replicate in the order asked, each fact marked as such", () => {
    const p = findingsParagraph(rows, {ids: ["closest", "bound", "missing"]});
    expect(p.textContent).toBe("HALS ends closest. Fact: No run ends below the bound.");
    expect(p.querySelectorAll("em")).toHaveLength(1);
    expect(findingsParagraph(rows, {replicate: "fashion"}).textContent).toBe("MU ends closest.");
    expect(findingsParagraph([]).textContent).toBe("");
  });

  it("finds one sentence, or the fallback", () => {
    expect(findingSentence(rows, "bound")).toBe("No run ends below the bound.");
    expect(findingSentence(rows, "nope", "none")).toBe("none");
  });

  it("names every profile", () => {
    for (const profile of ["quick", "default", "full"]) expect(profileNote(profile)).toContain(`${profile} profile`);
    expect(profileNote("other")).toBe("the other profile");
  });
});
