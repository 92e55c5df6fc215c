/**
 * "Signatures over time": the headline run's signatures at regular steps, before and after its
 * largest jumps, and how much each changed between snapshots (experiment `plateaus`).
 */
import {formatInteger} from "../../components/caption.js";
import {snapshotImages} from "../../components/experimentTables.js";
import {imageGrid} from "../../components/imageGrid.js";
import type {Headline} from "./headline.js";
import type {PlateausTables} from "./tables.js";

/** The signatures at the regular and final snapshots, one row per step. */
export function signatureStrip(
  tables: Pick<PlateausTables, "snapshots">,
  headline: Headline,
  {width}: {width: number}
): HTMLElement {
  const regular = headline.snapshots.filter((s) => s.kinds.includes("regular") || s.kinds.includes("final"));
  const strip = regular.map((s) => snapshotImages(tables.snapshots, {run: headline.id, step: s.step}).images);
  return imageGrid(strip.flat(), {
    width: Math.min(width, 760),
    shape: tables.snapshots.shape,
    columns: strip[0]?.length ?? 10,
    rowLabels: regular.map((s) => `step ${formatInteger(s.step)}`),
    rowLabelWidth: 84,
    ariaLabel: `Signatures at ${regular.length} steps, one row per step`,
    caption: `The ${strip[0]?.length ?? 0} signatures of the headline run at ${regular.length} steps (one row per step; each signature scaled to its own maximum). ${headline.caption}`
  });
}

/**
 * For each of the largest jumps (the `jump` rows of the signatures table), the signatures just
 * before (top) and just after (bottom), the one that changed most marked ◆; jumps without both
 * snapshots are left out.
 */
export function jumpFigures(
  tables: Pick<PlateausTables, "snapshots" | "signatures">,
  headline: Headline,
  {width}: {width: number}
): HTMLElement {
  const figures = document.createElement("div");
  figures.className = "jump-figures";
  for (const row of tables.signatures.rows.filter((r) => r.kind === "jump")) {
    const [from, to, jump] = [Number(row.from), Number(row.to), Number(row.jump)];
    const before = snapshotImages(tables.snapshots, {run: headline.id, step: from, kind: "jump-before"}).images;
    const after = snapshotImages(tables.snapshots, {run: headline.id, step: to, kind: "jump-after"}).images;
    if (!before.length || !after.length) continue;
    const mark = (c: number) => (c + 1 === Number(row.component) ? " ◆" : "");
    figures.append(
      imageGrid([...before, ...after], {
        width: Math.min(width, 760),
        shape: tables.snapshots.shape,
        columns: before.length,
        rowLabels: [`step ${formatInteger(from)}`, `step ${formatInteger(to)}`],
        rowLabelWidth: 84,
        titles: [...before.map((_, c) => `${c + 1}`), ...after.map((_, c) => `${c + 1}${mark(c)}`)],
        ariaLabel: `Signatures before and after the jump near step ${jump}`,
        caption: `Across the jump near step ${formatInteger(jump)} (effective rank ${Number(row.erankFrom).toFixed(2)} → ${Number(row.erankTo).toFixed(2)}): signatures at step ${formatInteger(from)} (top) and ${formatInteger(to)} (bottom); ◆ marks the one that changed most.`
      })
    );
  }
  return figures;
}

/** One row per interval between snapshots: the largest jumps and the regular ones. */
export function signatureChangeRows(tables: Pick<PlateausTables, "signatures">): Record<string, unknown>[] {
  const step = (value: unknown) => formatInteger(Number(value));
  const digits2 = (value: unknown) => Number(value).toFixed(2);
  return tables.signatures.rows.map((r) => ({
    interval: r.kind === "jump" ? `jump near ${step(r.jump)}` : "regular",
    steps: `${step(r.from)} → ${step(r.to)}`,
    "effective rank": `${digits2(r.erankFrom)} → ${digits2(r.erankTo)}`,
    "most changed": `${r.component} (${digits2(r.similarity)})`,
    "others' median": Number.isFinite(r.othersMedian) ? digits2(r.othersMedian) : "n/a",
    changed: r.changed,
    "with structure after": r.structured,
    quiet: r.quiet ? "yes" : ""
  }));
}
