import {describe, expect, it} from "vitest";
import {caption, formatNumber} from "../../src/components/caption.js";

const plateauRun = {
  experiment: "plateaus",
  profile: "default",
  data: "mnist:2000",
  dataSeed: 112,
  model: "deep",
  ranks: [20, 10],
  loss: "global",
  optimizer: "adam",
  lr: 0.01,
  init: "random",
  initScale: 1,
  seed: 112,
  iterations: 20000
};

describe("caption", () => {
  it("states one run's configuration and profile in one sentence", () => {
    expect(caption(plateauRun)).toBe(
      "Deep NMF (global loss), ranks 20, 10; adam, learning rate 0.01; init random, scale 1, seed 112; 20,000 iterations; data mnist:2000, data seed 112; experiment plateaus, profile default."
    );
  });

  it("says what several runs share and what varies between them", () => {
    const runs = ["mu", "hals", "adam"].map((model) => ({
      model,
      ranks: "20",
      data: "mnist:2000",
      profile: "quick",
      seed: 0
    }));
    expect(caption(runs)).toBe("Ranks 20; seed 0; data mnist:2000; profile quick; varying: model (mu, hals, adam).");
  });

  it("leaves the loss out for flat models and puts a note first", () => {
    expect(caption({model: "mu", loss: "global", ranks: 10}, {note: "Figure 3."})).toBe(
      "Figure 3. NMF by multiplicative updates, ranks 10."
    );
  });

  it("refuses an empty list", () => {
    expect(() => caption([])).toThrow("invalid config: no run");
  });
});

describe("formatNumber", () => {
  it("writes small numbers in exponent form and groups thousands", () => {
    expect([1e-4, 0.01, 0.3, 112, 20000, 2.5e-7].map(formatNumber)).toEqual([
      "1e-4",
      "0.01",
      "0.3",
      "112",
      "20,000",
      "2.5e-7"
    ]);
  });
});

describe("caption of runs where a setting applies to some only", () => {
  it("says where it applies instead of calling it varying", () => {
    const runs = [
      {model: "mu", ranks: 10, profile: "quick"},
      {model: "adam", ranks: 10, lr: 0.01, profile: "quick"}
    ];
    expect(caption(runs)).toBe(
      "Ranks 10; profile quick; where it applies: learning rate 0.01; varying: model (mu, adam)."
    );
  });
});

describe("caption of a depth sweep", () => {
  it("brackets lists of ranks among varying values", () => {
    expect(caption([{ranks: [10]}, {ranks: [20, 10]}])).toBe("Varying: ranks (10, [20, 10]).");
  });
});
