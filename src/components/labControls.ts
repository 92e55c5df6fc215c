/**
 * The lab panel's controls around its inputs (src/components/labForm.ts): the precomputed
 * configurations, the Run / Stop / Reset buttons, a message line for bad inputs and errors, a status
 * line, and the slot of a finished run's result.
 */
import type {LabPreset} from "./labFiles.js";
import type {LabSettings} from "./labForm.js";

export interface LabControls {
  element: HTMLElement;
  presetSelect: HTMLSelectElement;
  runButton: HTMLButtonElement;
  stopButton: HTMLButtonElement;
  resetButton: HTMLButtonElement;
  message: HTMLElement;
  status: HTMLElement;
  resultSlot: HTMLElement;
  /** Enables Stop and disables Run while a run goes on, and the reverse after. */
  setRunning(running: boolean): void;
}

/** The controls, with `form` between the presets and the buttons; `showPresets` false leaves the presets out. */
export function labControls(presets: LabPreset[], form: HTMLElement, showPresets: boolean): LabControls {
  const presetSelect = document.createElement("select");
  presetSelect.dataset.testid = "lab-preset";
  presetSelect.append(new Option("(your own)", ""));
  for (const preset of presets) presetSelect.append(new Option(preset.label, preset.id));
  const presetLabel = document.createElement("label");
  presetLabel.className = "lab-field lab-field-preset";
  presetLabel.append(
    Object.assign(document.createElement("span"), {textContent: "Precomputed configurations"}),
    presetSelect
  );

  const runButton = button("Run", "lab-run");
  const stopButton = button("Stop", "lab-stop");
  const resetButton = button("Reset", "lab-reset");
  stopButton.disabled = true;
  const buttons = document.createElement("div");
  buttons.className = "lab-buttons";
  buttons.append(runButton, stopButton, resetButton);
  const message = document.createElement("p");
  message.className = "lab-message";
  message.dataset.testid = "lab-message";
  message.setAttribute("role", "alert");
  const status = document.createElement("p");
  status.className = "lab-status";
  status.dataset.testid = "lab-status";
  status.setAttribute("aria-live", "polite");
  const resultSlot = document.createElement("div");
  resultSlot.className = "lab-result-slot";

  const element = document.createElement("div");
  element.className = "lab-controls";
  if (showPresets) element.append(presetLabel);
  element.append(form, buttons, message, status, resultSlot);
  const setRunning = (running: boolean) => {
    runButton.disabled = running;
    stopButton.disabled = !running;
  };
  return {element, presetSelect, runButton, stopButton, resetButton, message, status, resultSlot, setRunning};
}

/** The inputs of a precomputed configuration (every one it sets; the lab's defaults for the others). */
export function presetSettings({config}: LabPreset): Partial<LabSettings> {
  return {
    data: config.data as LabSettings["data"],
    rows: config.rows,
    model: config.model,
    ranks: config.ranks,
    loss: config.loss ?? "global",
    optimizer: config.optimizer ?? "adam",
    init: config.init ?? "random",
    initScale: config.initScale ?? 1,
    lr: config.lr ?? 0.01,
    iterations: config.iterations,
    seed: config.seed ?? 0,
    earlyStop: false
  };
}

function button(text: string, testid: string): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.dataset.testid = testid;
  return b;
}
