// Data matrices exactly as the runs read them (float32), fetched only when a page reruns a run in the browser.
import {FileAttachment} from "observablehq:stdlib";

/** By data spec: the quick profile's MNIST subset and the default and full profiles' one. */
export const matrices: Record<string, () => Promise<ArrayBuffer>> = {
  "mnist:500": () => FileAttachment("../data/matrices/mnist-500.arrow").arrayBuffer(),
  "mnist:2000": () => FileAttachment("../data/matrices/mnist-2000.arrow").arrayBuffer()
};
