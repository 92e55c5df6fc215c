// Types for Framework's standard library module as components import it (Framework ships no types).
// Only what the components use; see https://observablehq.com/framework/files.
declare module "observablehq:stdlib" {
  export interface AbstractFile {
    readonly name: string;
    readonly mimeType: string;
    /** The file's URL, relative to the page, content-hashed in a build. */
    readonly href: string;
    url(): Promise<string>;
    arrayBuffer(): Promise<ArrayBuffer>;
    text(encoding?: string): Promise<string>;
    json(): Promise<any>;
    blob(): Promise<Blob>;
    stream(): Promise<ReadableStream<Uint8Array>>;
  }
  /** Only a single string literal is allowed: Framework finds the file statically. */
  export function FileAttachment(name: string): AbstractFile;
}
