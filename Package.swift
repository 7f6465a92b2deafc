// swift-tools-version:6.0
import PackageDescription

/// AttentionSmithy for Swift.
///
/// Modules, bottom to top:
/// - `CBLAS`, `CHDF5`, `CZlib`: system libraries found through pkg-config (no unsafe flags).
/// - `CSmithyKernels`: C elementwise, row-normalisation, attention-row and rank-value kernels, built per instruction set
///   (AVX-512, AVX2+FMA, baseline) and dispatched at run time.
/// - `SmithyTensor`: Float tensors, reverse-mode autodiff, the op set and its kernels, safetensors.
/// - `SmithyNN`: modules with named parameters (Linear, Embedding, norms, dropout, initialisers).
/// - `SmithyTraining`: optimizers, learning-rate schedules, gradient clipping, checkpoints.
/// - `SmithyTransformer`: the swappable transformer parts (attention methods, positional strategies,
///   feed-forward networks, sublayers, encoder/decoder stacks, models, generators, HF interop).
/// - `SmithyPipeline`: pipeline files (a TOML subset), the stage runner, progress, metrics logs and
///   self-contained HTML reports.
/// - `SingleCell`: HDF5 single-cell readers (.h5ad, 10x .h5, .loom) and Geneformer rank encoding.
/// - `SmithyText`: subword tokenizer and sacreBLEU-compatible BLEU.
/// - `TranslationPipeline`: the translation recipe (configuration, run directory, training with
///   exact resume, batched decoding, report) behind `smithy translate train/decode/report`.
/// - `GenePipeline`: Geneformer-style masked-LM pretraining, cell classification fine-tuning,
///   prediction, embeddings and run reports on tokenized single-cell datasets.
/// - `SmithySearch`: architecture search over any pipeline option (search-space files, scrambled
///   Halton + TPE sampler, trials as child processes, median-rule pruning, trials.csv/best.toml/report).
/// - `smithy`: the command-line tool.
let package = Package(
    name: "AttentionSmithy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "smithy", targets: ["smithy"]),
        .library(name: "SmithyTensor", targets: ["SmithyTensor"]),
        .library(name: "SmithyNN", targets: ["SmithyNN"]),
        .library(name: "SmithyTraining", targets: ["SmithyTraining"]),
        .library(name: "SmithyTransformer", targets: ["SmithyTransformer"]),
        .library(name: "SmithyPipeline", targets: ["SmithyPipeline"]),
        .library(name: "SingleCell", targets: ["SingleCell"]),
        .library(name: "SmithyText", targets: ["SmithyText"]),
        .library(name: "TranslationPipeline", targets: ["TranslationPipeline"]),
        .library(name: "GenePipeline", targets: ["GenePipeline"]),
        .library(name: "SmithySearch", targets: ["SmithySearch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        .target(name: "CSmithyKernels"),
        .target(name: "SmithyTensor", dependencies: ["CBLAS", "CSmithyKernels"]),
        .target(name: "SmithyNN", dependencies: ["SmithyTensor"]),
        .target(name: "SmithyTraining", dependencies: ["SmithyTensor", "SmithyNN"]),
        .target(name: "SmithyTransformer", dependencies: ["SmithyTensor", "SmithyNN", "CSmithyKernels"]),
        .target(name: "SmithyPipeline"),
        .target(name: "SingleCell", dependencies: ["CHDF5", "CZlib", "CSmithyKernels"]),
        .target(name: "SmithyText"),
        .target(name: "TranslationPipeline",
                dependencies: ["SmithyTensor", "SmithyNN", "SmithyTraining", "SmithyTransformer", "SmithyPipeline", "SmithyText"]),
        .target(name: "GenePipeline",
                dependencies: ["SmithyTensor", "SmithyNN", "SmithyTraining", "SmithyTransformer", "SmithyPipeline", "SingleCell"]),
        .target(name: "SmithySearch",
                dependencies: ["SmithyTensor", "SmithyPipeline", "SingleCell", "TranslationPipeline", "GenePipeline"]),
        .executableTarget(
            name: "smithy",
            dependencies: [
                "CBLAS", "SmithyTensor", "SmithyNN", "SmithyTraining", "SmithyTransformer", "SmithyPipeline", "SingleCell", "SmithyText",
                "TranslationPipeline", "GenePipeline", "SmithySearch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "SmithyTensorTests", dependencies: ["SmithyTensor", "CSmithyKernels"]),
        .testTarget(name: "SmithyNNTests", dependencies: ["SmithyNN", "SmithyTraining"]),
        .testTarget(name: "SmithyTransformerTests", dependencies: ["SmithyTransformer", "SmithyTraining"]),
        .testTarget(name: "SmithyPipelineTests", dependencies: ["SmithyPipeline"]),
        .testTarget(name: "SingleCellTests", dependencies: ["SingleCell"]),
        .testTarget(name: "SmithyTextTests", dependencies: ["SmithyText"]),
        .testTarget(name: "TranslationPipelineTests", dependencies: ["TranslationPipeline", "SmithyText"]),
        .testTarget(name: "GenePipelineTests",
                    dependencies: ["GenePipeline", "SingleCell", "SmithyTransformer", "SmithyTraining", "SmithyPipeline"]),
        .testTarget(name: "SmithySearchTests", dependencies: ["SmithySearch", "SmithyPipeline", "SmithyTensor"]),
    ],
    swiftLanguageModes: [.v5]
)
