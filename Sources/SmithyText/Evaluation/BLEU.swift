import Foundation

/// Corpus BLEU computed exactly as sacreBLEU 2.x does (`sacrebleu.metrics.BLEU.corpus_score`).
///
/// Each line is lowercased (optionally), stripped of trailing whitespace, tokenized, and split on whitespace;
/// n-gram matches are clipped by the maximum count over the references, and the reference length is the one
/// closest to the hypothesis length. Scores, statistics and signature match the sacreBLEU release in
/// `BLEU.sacreBLEUVersion` (checked against fixtures made with it in `reference/bleu/`).
///
/// Unicode tables: sacreBLEU's results depend on its Python's tables (lowercasing) and the `regex` module's
/// (the `intl` categories). Checked over all code points against Python 3.11 (Unicode 14) and regex 2026.11:
/// lowercasing agrees for every character assigned in Unicode 14 or earlier, and the `intl` categories for
/// every character this Swift runtime's Unicode tables know; only characters newer than those differ.
public struct BLEU: Sendable {
    /// The sacreBLEU release this port was checked against; it ends the signature.
    public static let sacreBLEUVersion = "2.6.0"

    public var tokenizer: BLEUTokenizer
    public var lowercase: Bool
    public var smoothing: BLEUSmoothing
    /// Leave out the orders above the highest one with any hypothesis n-gram (for very short corpora).
    public var effectiveOrder: Bool
    public var maxNgramOrder: Int

    public init(tokenizer: BLEUTokenizer = .thirteenA, lowercase: Bool = false, smoothing: BLEUSmoothing = .exp,
                effectiveOrder: Bool = false, maxNgramOrder: Int = 4) {
        precondition(maxNgramOrder >= 1, "maxNgramOrder must be at least 1")
        self.tokenizer = tokenizer
        self.lowercase = lowercase
        self.smoothing = smoothing
        self.effectiveOrder = effectiveOrder
        self.maxNgramOrder = maxNgramOrder
    }

    /// Errors of `corpusScore` arguments.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        case noHypotheses
        case noReferences
        /// Reference stream `stream` (0-based) has `lines` lines for `hypotheses` hypotheses.
        case referenceLineCount(stream: Int, lines: Int, hypotheses: Int)

        public var description: String {
            switch self {
            case .noHypotheses: return "no hypotheses to score"
            case .noReferences: return "no reference stream given"
            case let .referenceLineCount(stream, lines, hypotheses):
                return "reference stream \(stream + 1) has \(lines) lines but there are \(hypotheses) hypotheses"
            }
        }
    }

    /// The corpus BLEU of `hypotheses` against one or more reference streams, each line-aligned with them.
    public func corpusScore(hypotheses: [String], references: [[String]]) throws -> BLEUScore {
        try Self.score(statistics: corpusStatistics(hypotheses: hypotheses, references: references),
                       smoothing: smoothing, effectiveOrder: effectiveOrder)
    }

    /// The summed segment statistics of `hypotheses` against the reference streams.
    public func corpusStatistics(hypotheses: [String], references: [[String]]) throws -> BLEUStatistics {
        guard !hypotheses.isEmpty else { throw InputError.noHypotheses }
        guard !references.isEmpty else { throw InputError.noReferences }
        for (stream, lines) in references.enumerated() where lines.count != hypotheses.count {
            throw InputError.referenceLineCount(stream: stream, lines: lines.count, hypotheses: hypotheses.count)
        }
        var counter = NGramCounter(maxOrder: maxNgramOrder)
        var total = BLEUStatistics(maxOrder: maxNgramOrder)
        for (index, hypothesis) in hypotheses.enumerated() {
            let segment = counter.statistics(hypothesis: preprocess(hypothesis),
                                             references: references.map { preprocess($0[index]) })
            total.add(segment)
        }
        return total
    }

    /// sacreBLEU's `_preprocess_segment`: optional lowercasing, `rstrip()`, tokenization.
    func preprocess(_ line: String) -> [Unicode.Scalar] {
        var text = Array(line.unicodeScalars)
        if lowercase { text = PythonText.lowercased(text) }
        return tokenizer.tokenize(PythonText.strippingTrailingWhitespace(text))
    }

    /// sacreBLEU's signature, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0`.
    public func signature(referenceCount: Int) -> String {
        "nrefs:\(referenceCount)|case:\(lowercase ? "lc" : "mixed")|eff:\(effectiveOrder ? "yes" : "no")"
            + "|tok:\(tokenizer.signature)|smooth:\(smoothing.signature)|version:\(Self.sacreBLEUVersion)"
    }

    /// BLEU from sufficient statistics (sacreBLEU's `BLEU.compute_bleu`), including its smoothing and
    /// effective-order rules and its floor of log(0) at -9999999999.
    public static func score(statistics: BLEUStatistics, smoothing: BLEUSmoothing = .exp,
                             effectiveOrder: Bool = false) -> BLEUScore {
        let maxOrder = statistics.counts.count
        let sysLen = statistics.sysLen, refLen = statistics.refLen
        var bp = 1.0
        if sysLen < refLen {
            bp = sysLen > 0 ? Foundation.exp(1 - Double(refLen) / Double(sysLen)) : 0
        }
        var precisions = Array(repeating: 0.0, count: maxOrder)
        func result(_ score: Double) -> BLEUScore {
            BLEUScore(score: score, counts: statistics.counts, totals: statistics.totals, precisions: precisions,
                      bp: bp, sysLen: sysLen, refLen: refLen)
        }
        if statistics.counts.allSatisfy({ $0 == 0 }) { return result(0) }

        var correct = statistics.counts.map(Double.init)
        var total = statistics.totals.map(Double.init)
        var smoothMteval = 1.0
        var order = maxOrder
        for n in 0..<maxOrder {
            if case let .addK(k) = smoothing, n > 0 {
                correct[n] += k
                total[n] += k
            }
            if total[n] == 0 { break }
            if effectiveOrder { order = n + 1 }
            if correct[n] == 0 {
                switch smoothing {
                case .exp:
                    smoothMteval *= 2
                    precisions[n] = 100 / (smoothMteval * total[n])
                case let .floor(value):
                    precisions[n] = 100 * value / total[n]
                case .addK, .none:
                    break
                }
            } else {
                precisions[n] = 100 * correct[n] / total[n]
            }
        }
        var logSum = 0.0
        for precision in precisions[..<order] {
            logSum += precision == 0 ? -9_999_999_999 : Foundation.log(precision)
        }
        return result(bp * Foundation.exp(logSum / Double(order)))
    }
}
