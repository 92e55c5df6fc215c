import {createHash} from "node:crypto";
import {existsSync} from "node:fs";
import {mkdir, readdir, readFile, writeFile} from "node:fs/promises";
import {createServer, type Server} from "node:http";
import type {AddressInfo} from "node:net";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import sharp from "sharp";
import {c as createTar} from "tar";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {fetchCommand} from "../../cli/commands/fetch.js";
import {fetchDataset, type FetchProgress} from "../../datasets/fetch.js";
import {loadData} from "../../datasets/index.js";
import type {RemoteDataset} from "../../datasets/sources.js";
import {fixtures} from "../helpers/realData.js";
import {tempDir} from "./tempDir.js";

const md5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("hex");

function idx(dims: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header[2] = 8;
  header[3] = dims.length;
  dims.forEach((d, k) => new DataView(header.buffer).setUint32(4 + 4 * k, d, false));
  return Buffer.concat([header, data]);
}

/** Only this local server is ever contacted: every test passes its base URL. */
describe("nmf fetch against a local HTTP server", () => {
  let server: Server;
  let base = "";
  let work = "";
  const files = new Map<string, Uint8Array>();
  let mnistSource: RemoteDataset;

  beforeAll(async () => {
    // The mirror test must not be redirected by a base URL set in the environment.
    delete process.env.NMF_FETCH_BASE_URL;
    work = await tempDir();
    // Four small MNIST-style files: 5 train and 2 test images of 28 x 28.
    const pixels = (n: number) => Uint8Array.from({length: n * 784}, (_, k) => (k * 37) % 256);
    const made: Record<string, Uint8Array> = {
      "train-images-idx3-ubyte.gz": gzipSync(idx([5, 28, 28], pixels(5))),
      "train-labels-idx1-ubyte.gz": gzipSync(idx([5], Uint8Array.from([5, 0, 4, 1, 9]))),
      "t10k-images-idx3-ubyte.gz": gzipSync(idx([2, 28, 28], pixels(2))),
      "t10k-labels-idx1-ubyte.gz": gzipSync(idx([2], Uint8Array.from([7, 2])))
    };
    for (const [name, bytes] of Object.entries(made)) files.set(`/ok/${name}`, bytes);
    mnistSource = {
      name: "mnist",
      mirrors: [],
      files: Object.entries(made).map(([name, bytes]) => ({name, md5: md5(bytes)})),
      reference: "test"
    };
    // A small 102flowers.tgz: jpg/image_00001.jpg ... image_00003.jpg.
    const tree = join(work, "tree");
    await mkdir(join(tree, "jpg"), {recursive: true});
    for (let i = 1; i <= 3; ++i)
      await sharp({create: {width: 10 + i, height: 12, channels: 3, background: {r: 60 * i, g: 20, b: 200}}})
        .jpeg()
        .toFile(join(tree, "jpg", `image_0000${i}.jpg`));
    await createTar({gzip: true, file: join(work, "flowers.tgz"), cwd: tree}, ["jpg"]);
    files.set("/ok/102flowers.tgz", await readFile(join(work, "flowers.tgz")));
    files.set("/ok/notatar.tgz", gzipSync(Buffer.from("plain text, not a tar archive ".repeat(40))));
    // The Fashion-MNIST fixture (its first records, recompressed): served under the official names.
    for (const name of await readdir(fixtures.fashionMnistGz))
      files.set(`/fixture/${name}`, await readFile(join(fixtures.fashionMnistGz, name)));

    server = createServer((request, response) => {
      const url = request.url ?? "";
      if (url.startsWith("/silent/")) return; // accepts, never answers
      if (url.startsWith("/oversized/")) {
        // Three times the file, without a length: read until the cap, not to the end.
        const bytes = files.get(url.replace("/oversized/", "/ok/"))!;
        response.writeHead(200);
        for (let k = 0; k < 3 && !response.destroyed; ++k) response.write(bytes);
        response.end();
        return;
      }
      if (url.startsWith("/error/")) {
        response.writeHead(500, "Internal Server Error").end("boom");
        return;
      }
      if (url.startsWith("/truncated/")) {
        const bytes = files.get(url.replace("/truncated/", "/ok/"))!;
        response.writeHead(200, {"content-length": bytes.length});
        // Half the announced bytes, then the connection drops.
        response.write(bytes.subarray(0, bytes.length >> 1), () => response.destroy());
        return;
      }
      const bytes = files.get(url);
      if (!bytes) return void response.writeHead(404, "Not Found").end();
      response.writeHead(200, {"content-length": bytes.length}).end(bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The data dir holds nothing but the finished datasets: no staging folder survives. */
  async function entries(dir: string): Promise<string[]> {
    return existsSync(dir) ? (await readdir(dir)).sort() : [];
  }

  it("downloads, verifies and installs a dataset that loadData then reads; a second fetch is a no-op", async () => {
    const dir = join(work, "success");
    // What a fetch killed mid-download leaves: a staging folder of a process that is gone.
    await mkdir(join(dir, ".mnist.partial-999999999-abcd1234", "half"), {recursive: true});
    const progress: FetchProgress[] = [];
    const result = await fetchDataset("mnist", {
      dir,
      baseUrl: `${base}/ok/`,
      source: mnistSource,
      onProgress: (p) => progress.push(p)
    });
    expect(result.fetched).toBe(true);
    expect(result.files.map((f) => f.name)).toEqual(mnistSource.files.map((f) => f.name));
    expect(progress.filter((p) => p.phase === "verified").length).toBe(4);
    expect(await entries(dir)).toEqual(["mnist"]);
    const data = await loadData(`mnist-idx:${join(dir, "mnist")}`, {split: "all"});
    expect([data.X.rows, data.X.cols]).toEqual([7, 784]);
    expect(Array.from(data.labels!)).toEqual([5, 0, 4, 1, 9, 7, 2]);
    const again = await fetchDataset("mnist", {dir, baseUrl: `${base}/error/`, source: mnistSource});
    expect(again.fetched).toBe(false);
    const forced = await fetchDataset("mnist", {dir, baseUrl: `${base}/ok/`, source: mnistSource, force: true});
    expect(forced.fetched).toBe(true);
    expect(await entries(dir)).toEqual(["mnist"]);
  });

  it("extracts a .tgz into the dataset folder (Flowers102 layout) and deletes the archive", async () => {
    const dir = join(work, "flowers");
    const source: RemoteDataset = {
      name: "flowers102",
      mirrors: [],
      files: [{name: "102flowers.tgz", md5: md5(files.get("/ok/102flowers.tgz")!), extract: true}],
      reference: "test"
    };
    await fetchDataset("flowers102", {dir, baseUrl: `${base}/ok`, source});
    expect(await entries(join(dir, "flowers102"))).toEqual(["jpg"]);
    const data = await loadData(`flowers102:${join(dir, "flowers102")}`, {size: 4, onWarning: () => {}});
    expect([data.X.rows, data.X.cols, data.provenance.split]).toEqual([3, 48, "all"]);
  });

  it("rejects a checksum mismatch and leaves nothing behind", async () => {
    const dir = join(work, "mismatch");
    const source = {
      ...mnistSource,
      files: mnistSource.files.map((f, k) => (k === 2 ? {...f, md5: "0".repeat(32)} : f))
    };
    await expect(fetchDataset("mnist", {dir, baseUrl: `${base}/ok/`, source})).rejects.toThrow(
      /checksum mismatch for t10k-images-idx3-ubyte.gz from http:\/\/127.0.0.1:\d+\/ok\/t10k-images-idx3-ubyte.gz: md5 [0-9a-f]{32}, expected 0{32}/
    );
    expect(await entries(dir)).toEqual([]);
  });

  it("checks the official table: files that are not the official ones fail its md5", async () => {
    const dir = join(work, "official");
    await expect(fetchDataset("fashion-mnist", {dir, baseUrl: `${base}/fixture/`})).rejects.toThrow(
      new RegExp(
        `checksum mismatch for train-images-idx3-ubyte.gz .* expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d \\(${files.get("/fixture/train-images-idx3-ubyte.gz")!.length} bytes\\)`
      )
    );
    expect(await entries(dir)).toEqual([]);
  });

  it("stops reading a file larger than the table says, and a server that stops answering", async () => {
    const dir = join(work, "hostile");
    const sized = {
      ...mnistSource,
      files: mnistSource.files.map((f) => ({...f, size: files.get(`/ok/${f.name}`)!.length}))
    };
    await expect(fetchDataset("mnist", {dir, baseUrl: `${base}/oversized/`, source: sized})).rejects.toThrow(
      /http:\/\/127\.0\.0\.1:\d+\/oversized\/train-images-idx3-ubyte\.gz sent more than the \d+ bytes of train-images-idx3-ubyte\.gz/
    );
    const started = performance.now();
    await expect(
      fetchDataset("mnist", {dir, baseUrl: `${base}/silent/`, source: mnistSource, stallMs: 300})
    ).rejects.toThrow(
      /no data from http:\/\/127\.0\.0\.1:\d+\/silent\/train-images-idx3-ubyte\.gz for 0\.3 s: the server stopped answering/
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await entries(dir)).toEqual([]);
  });

  it("refuses a base URL that is not http(s), a --dir that is a file, and a file where the dataset goes", async () => {
    const dir = join(work, "inputs");
    await mkdir(dir);
    for (const url of ["notaurl", "ftp://example.org/mnist/", "file:///tmp/"])
      await expect(fetchDataset("mnist", {dir, baseUrl: url, source: mnistSource})).rejects.toThrow(
        new RegExp(`^invalid base-url: "${url.replace(/[/.]/g, "\\$&")}" \\(must be an http:// or https:// URL\\)$`)
      );
    const file = join(dir, "a-file");
    await writeFile(file, "not a folder");
    await expect(fetchDataset("mnist", {dir: file, baseUrl: `${base}/ok/`, source: mnistSource})).rejects.toThrow(
      /^invalid dir: ".*a-file" \(is a file, not a folder\)$/
    );
    await expect(
      fetchDataset("mnist", {dir: join(file, "below"), baseUrl: `${base}/ok/`, source: mnistSource})
    ).rejects.toThrow(/^invalid dir: ".*below" \(.*a-file is a file, not a folder\)$/);
    await writeFile(join(dir, "mnist"), "a file where the dataset goes");
    await expect(fetchDataset("mnist", {dir, baseUrl: `${base}/ok/`, source: mnistSource})).rejects.toThrow(
      /\(.*inputs\/mnist is a file, not a dataset folder: remove it, or add --force to replace it\)$/
    );
    const forced = await fetchDataset("mnist", {dir, baseUrl: `${base}/ok/`, source: mnistSource, force: true});
    expect(forced.fetched).toBe(true);
    expect(await entries(join(dir, "mnist"))).toHaveLength(4);
  });

  it("reports a truncated transfer and leaves nothing behind", async () => {
    const dir = join(work, "truncated");
    await expect(fetchDataset("mnist", {dir, baseUrl: `${base}/truncated/`, source: mnistSource})).rejects.toThrow(
      /transfer of http:\/\/127.0.0.1:\d+\/truncated\/train-images-idx3-ubyte.gz broke off after \d+ bytes of \d+/
    );
    expect(await entries(dir)).toEqual([]);
  });

  it("falls back to the next mirror when one fails", async () => {
    const dir = join(work, "mirrors");
    const source = {...mnistSource, mirrors: [`${base}/error/`, `${base}/ok/`]};
    const result = await fetchDataset("mnist", {dir, source});
    expect(result.files.every((f) => f.url.startsWith(`${base}/ok/`))).toBe(true);
    expect(await entries(dir)).toEqual(["mnist"]);
  });

  it("reports a server error and a missing file, and leaves nothing behind", async () => {
    const dir = join(work, "error");
    await expect(fetchDataset("mnist", {dir, baseUrl: `${base}/error/`, source: mnistSource})).rejects.toThrow(
      /server answered 500 Internal Server Error for http:\/\/127.0.0.1:\d+\/error\/train-images-idx3-ubyte.gz/
    );
    await expect(fetchDataset("mnist", {dir, baseUrl: `${base}/nothing/`, source: mnistSource})).rejects.toThrow(
      /server answered 404 Not Found/
    );
    expect(await entries(dir)).toEqual([]);
  });

  it("reports an archive that does not extract, and an unknown dataset name", async () => {
    const dir = join(work, "badtar");
    const source: RemoteDataset = {
      name: "flowers102",
      mirrors: [],
      files: [{name: "notatar.tgz", md5: md5(files.get("/ok/notatar.tgz")!), extract: true}],
      reference: "test"
    };
    await expect(fetchDataset("flowers102", {dir, baseUrl: `${base}/ok/`, source})).rejects.toThrow(
      /cannot extract notatar.tgz|held no jpg/
    );
    expect(await entries(dir)).toEqual([]);
    await expect(fetchDataset("cifar10", {dir})).rejects.toThrow(
      /invalid dataset: "cifar10" \(can fetch mnist, fashion-mnist, flowers102\)/
    );
  });

  it("nmf fetch: one line on success or for a dataset already there, exit 2 for bad input, a RunError naming a failure", async () => {
    const dir = join(work, "command");
    const out: string[] = [];
    const err: string[] = [];
    const context = {stdout: {write: (t: string) => out.push(t)}, stderr: {write: (t: string) => err.push(t)}};
    await mkdir(join(dir, "mnist"), {recursive: true});
    await expect(fetchCommand.run({dataset: "mnist", dir}, context)).rejects.toThrow(
      /^invalid --dir: ".*command" \(.*command\/mnist is there but holds no train-images-idx3-ubyte\[\.gz\]: remove it, or add --force to download again\)$/
    );
    await writeFile(join(dir, "mnist", "train-images-idx3-ubyte.gz"), "");
    await fetchCommand.run({dataset: "mnist", dir}, context);
    expect(out.join("")).toMatch(/^mnist: already in .*command\/mnist \(use --force to download again\)\n$/);
    await expect(
      fetchCommand.run({dataset: "mnist", dir, force: true, "base-url": `${base}/error/`}, context)
    ).rejects.toThrow(/server answered 500 Internal Server Error for .*; nothing was left in .*command$/);
    // --force keeps the old folder when the new download fails.
    expect(await entries(dir)).toEqual(["mnist"]);
    await expect(
      fetchCommand.run({dataset: "fashion-mnist", dir, "base-url": `${base}/fixture`}, context)
    ).rejects.toThrow(/checksum mismatch for train-images-idx3-ubyte.gz/);
    await expect(fetchCommand.run({dataset: "mnist", dir, "base-url": "ftp://example.org/"}, context)).rejects.toThrow(
      /^invalid --base-url: "ftp:\/\/example\.org\/" \(must be an http:\/\/ or https:\/\/ URL\)$/
    );
    expect(await entries(dir)).toEqual(["mnist"]);
  });
});
