import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";

/**
 * The folder of the embedded Fashion-MNIST test split (`t10k-images-idx3-ubyte.gz`,
 * `t10k-labels-idx1-ubyte.gz`; source and license in its README.md): the second dataset of the
 * report's replications, always present, as the embedded MNIST digits are.
 */
export const embeddedFashionDir = join(dirname(fileURLToPath(import.meta.url)), "embedded", "fashion-mnist");
