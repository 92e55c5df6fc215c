import type {DatasetName} from "./locations.js";

/** One file of a dataset's official distribution. */
export interface RemoteFile {
  name: string;
  /** The published md5 (hex) of the file as served. */
  md5: string;
  /** Size in bytes: for progress, and the most bytes accepted (the md5 is what is checked). */
  size?: number;
  /** A .tgz to extract into the dataset folder (and then delete) rather than keep. */
  extract?: boolean;
}

export interface RemoteDataset {
  name: DatasetName;
  /** Base URLs tried in order; each file is fetched from `base + name`. */
  mirrors: string[];
  files: RemoteFile[];
  /** Paper or page to cite. */
  reference: string;
}

/**
 * The official files and their published md5 sums, as torchvision lists them
 * (torchvision/datasets/mnist.py `MNIST.resources` and `FashionMNIST.resources`,
 * torchvision/datasets/flowers102.py `_file_dict`). Sizes are those of the official files.
 * MNIST keeps torchvision's mirror first because the original site often refuses downloads.
 */
export const remoteDatasets: Record<DatasetName, RemoteDataset> = {
  mnist: {
    name: "mnist",
    mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
    files: [
      {name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873", size: 9912422},
      {name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432", size: 28881},
      {name: "t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3", size: 1648877},
      {name: "t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c", size: 4542}
    ],
    reference: "LeCun, Cortes, Burges, The MNIST database of handwritten digits"
  },
  "fashion-mnist": {
    name: "fashion-mnist",
    mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
    files: [
      {name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d", size: 26421880},
      {name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe", size: 29515},
      {name: "t10k-images-idx3-ubyte.gz", md5: "bef4ecab320f06d8554ea6380940ec79", size: 4422102},
      {name: "t10k-labels-idx1-ubyte.gz", md5: "bb300cfdad3c16e7a12a480ee83cd310", size: 5148}
    ],
    reference: "Xiao, Rasul, Vollgraf, Fashion-MNIST (arXiv 1708.07747), github.com/zalandoresearch/fashion-mnist"
  },
  flowers102: {
    name: "flowers102",
    mirrors: ["https://www.robots.ox.ac.uk/~vgg/data/flowers/102/"],
    files: [
      {name: "imagelabels.mat", md5: "e0620be6f572b9609742df49c70aed4d", size: 502},
      {name: "setid.mat", md5: "a5357ecc9cb78c4bef273ce3793fc85c", size: 14989},
      {name: "102flowers.tgz", md5: "52808999861908f626f3c1f4e79d11fa", extract: true}
    ],
    reference: "Nilsback and Zisserman, Automated flower classification over a large number of classes, ICVGIP 2008"
  }
};
