import {defineCommand, RunError, type OutputStream} from "../command.js";
import {renameParameters} from "../flagNames.js";

const datasets = ["mnist", "fashion-mnist", "flowers102"] as const;

const options = {
  dataset: {
    type: "string",
    valueName: "NAME",
    choices: datasets,
    required: true,
    description: "the dataset to download: mnist, fashion-mnist or flowers102"
  },
  dir: {
    type: "string",
    valueName: "DIR",
    description: "the data dir; the dataset lands in DIR/NAME [default: $NMF_DATA_DIR or ./data]"
  },
  force: {type: "boolean", description: "download again and replace the dataset's folder if it is there"},
  "base-url": {
    type: "string",
    valueName: "URL",
    description: "fetch every file from URL/<file> instead of the official mirrors (also $NMF_FETCH_BASE_URL)"
  },
  json: {type: "boolean", description: "print the result (folder, files, bytes, md5) as JSON on stdout"}
} as const;

export const fetchCommand = defineCommand({
  name: "fetch",
  summary: "download MNIST, Fashion-MNIST or Flowers102 into the data dir, checking the published md5 sums",
  usage: "nmf fetch mnist|fashion-mnist|flowers102 [--dir DIR] [--force] [--base-url URL] [--json]",
  positional: "dataset",
  description: [
    "Downloads the official files (MNIST: the four IDX .gz files, 11 MB; Fashion-MNIST: four .gz files, 30 MB; Flowers102: 102flowers.tgz, 330 MB, plus imagelabels.mat and setid.mat), checks each against the md5 sum torchvision publishes, extracts the .tgz, and moves the finished folder into place with one rename: DIR/NAME is either absent or complete, never half written. Nothing is downloaded when DIR/NAME is already there (use --force).",
    "Afterwards `--data mnist-idx`, `--data fashion-mnist` and `--data flowers102` find the dataset in the data dir without a folder argument."
  ].join("\n"),
  examples: ["nmf fetch mnist", "nmf fetch flowers102 --dir /big/disk/data"],
  options,
  async run(values, context) {
    const {fetchDataset, FetchError} = await import("../../datasets/fetch.js");
    const {dataDir} = await import("../../datasets/locations.js");
    const dir = values.dir ?? dataDir();
    const controller = new AbortController();
    // Ctrl-C aborts the transfer so that the staging folder is removed before exit.
    const onSignal = () => controller.abort(new Error("interrupted"));
    process.once("SIGINT", onSignal);
    const progress = createFetchProgress(context.stderr);
    try {
      const result = await fetchDataset(values.dataset!, {
        dir,
        baseUrl: values["base-url"],
        force: values.force,
        signal: controller.signal,
        onProgress: progress
      });
      progress.finish();
      if (values.json) context.stdout.write(JSON.stringify(result, null, 2) + "\n");
      else if (!result.fetched)
        context.stdout.write(`${result.name}: already in ${result.folder} (use --force to download again)\n`);
      else {
        const bytes = result.files.reduce((s, f) => s + f.bytes, 0);
        context.stdout.write(
          `${result.name}: ${result.files.length} files verified (md5), ${(bytes / 1e6).toFixed(1)} MB, installed in ${result.folder}\n`
        );
      }
    } catch (error) {
      progress.finish();
      if (controller.signal.aborted)
        throw new RunError(`fetch of ${values.dataset} interrupted; nothing was left in ${dir}`);
      if (error instanceof FetchError) throw new RunError(`${error.message}; nothing was left in ${dir}`);
      throw renameParameters(error, {dir: "--dir", "base-url": "--base-url"});
    } finally {
      process.off("SIGINT", onSignal);
    }
  }
});

/** `file  12.3/26.4 MB` on stderr: rewritten in place on a terminal, one line per verified file otherwise. */
function createFetchProgress(stream: OutputStream) {
  let drawn = false;
  const update = (p: {file: string; received: number; total?: number; phase: string}) => {
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const size = p.total ? `${mb(p.received)}/${mb(p.total)} MB` : `${mb(p.received)} MB`;
    const line =
      p.phase === "verified"
        ? `${p.file}: ${size}, md5 ok`
        : p.phase === "extract"
          ? `${p.file}: extracting`
          : `${p.file}: ${size}`;
    if (stream.isTTY) (stream.write(`\r${line}\x1b[K`), (drawn = true));
    else if (p.phase !== "download") stream.write(`${line}\n`);
  };
  return Object.assign(update, {
    finish() {
      if (drawn) (stream.write("\r\x1b[K"), (drawn = false));
    }
  });
}
