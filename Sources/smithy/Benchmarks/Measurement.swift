import Foundation
import SmithyTensor

/// Wall-clock timing of a benchmark case: warm-up runs, then repeated runs summarised by the
/// median and the spread, printed as one JSON object per line.
struct Measurement {
    /// Seconds of each timed run.
    let seconds: [Double]

    /// Times `body` `repeats` times after `warmups` untimed runs.
    init(warmups: Int = 2, repeats: Int, _ body: () -> Void) {
        for _ in 0..<warmups { body() }
        seconds = (0..<repeats).map { _ in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
    }

    var median: Double {
        let sorted = seconds.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var minimum: Double { seconds.min() ?? 0 }
    var maximum: Double { seconds.max() ?? 0 }
}

/// One line of benchmark output: a JSON object with sorted keys.
struct BenchmarkRecord {
    private var fields: [String: Any] = [:]

    init(benchmark: String, case name: String, _ measurement: Measurement) {
        fields["benchmark"] = benchmark
        fields["case"] = name
        fields["threads"] = ComputeThreads.count
        fields["ms_median"] = (measurement.median * 1e5).rounded() / 100
        fields["ms_min"] = (measurement.minimum * 1e5).rounded() / 100
        fields["ms_max"] = (measurement.maximum * 1e5).rounded() / 100
        fields["repeats"] = measurement.seconds.count
        fields["peak_rss_mb"] = (MemoryStatistics.processPeakResidentBytes() ?? 0) / (1 << 20)
    }

    subscript(key: String) -> Any? {
        get { fields[key] }
        set { fields[key] = newValue }
    }

    /// The record as a single line of JSON.
    var jsonLine: String {
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
