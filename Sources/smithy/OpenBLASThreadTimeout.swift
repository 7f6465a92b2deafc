import Foundation

/// OpenBLAS' idle worker threads busy-wait about 2^28 cycles (~0.1 s) after every matrix product before
/// they sleep, competing with our own elementwise kernels for the same cores. OpenBLAS reads
/// `OPENBLAS_THREAD_TIMEOUT` only when it is loaded, so when the variable is unset `smithy` sets it to
/// 12 (2^12 cycles, about 1.5 µs) and executes itself again once; a value the user set is kept.
/// Measured (Geneformer 8×512 MLM step, 2 threads): 1,685 → 1,378 ms median; the small translation
/// step, whose many small products pay the extra wake-ups, 355 → ~385 ms.
enum OpenBLASThreadTimeout {
    static let variable = "OPENBLAS_THREAD_TIMEOUT"

    static func shortenSpinning() {
        #if os(Linux)
        guard getenv(variable) == nil else { return }
        setenv(variable, "12", 1)
        var arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", &arguments)
        // execv returns only when it failed: carry on with OpenBLAS' default spinning.
        #endif
    }
}
