/**
 * A tiny static file server for browser tests: serves a folder (the built site) on 127.0.0.1 at a
 * free port, optionally under a base path (`/some/base/`) to prove that the site's links are relative.
 */
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, sep} from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm", // WebAssembly.instantiateStreaming requires it
  ".arrow": "application/vnd.apache.arrow.file",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2"
};

export interface StaticServer {
  /** The site's root URL, ending in the base path: `http://127.0.0.1:PORT/base/`. */
  url: string;
  /** Every request path with its status, in order. */
  log: {path: string; status: number}[];
  close(): Promise<void>;
}

export async function serveDirectory(root: string, {base = "/"}: {base?: string} = {}): Promise<StaticServer> {
  if (!base.startsWith("/") || !base.endsWith("/"))
    throw new RangeError(`invalid base: ${base} (must start and end with /)`);
  const log: StaticServer["log"] = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const send = (status: number, body = "") => {
      log.push({path, status});
      response.writeHead(status, {"content-type": "text/plain"}).end(body);
    };
    if (!path.startsWith(base)) return send(404, "outside the base path");
    let file = normalize(join(root, path.slice(base.length)));
    if (file !== normalize(root) && !file.startsWith(normalize(root) + sep)) return send(403);
    try {
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) info = await stat((file = join(file, "index.html"))).catch(() => null);
      if (!info && !extname(file)) info = await stat((file += ".html")).catch(() => null);
      if (!info?.isFile()) return send(404, "not found");
      log.push({path, status: 200});
      response.writeHead(200, {
        "content-type": contentTypes[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
        "cache-control": "no-store"
      });
      createReadStream(file).pipe(response);
    } catch (error) {
      send(500, String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}
