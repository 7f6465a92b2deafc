import ArgumentParser
import SmithyText

/// `smithy bleu`: corpus BLEU of a hypothesis file against reference files, identical to sacreBLEU 2.x.
struct Bleu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bleu",
        abstract: "Corpus BLEU with sacreBLEU \(BLEU.sacreBLEUVersion)'s scores, statistics and signature.",
        discussion: """
            Files hold one detokenized sentence a line, in UTF-8; line i of every reference file pairs with \
            line i of the hypothesis file. Prints sacreBLEU's text line: signature, score, n-gram precisions, \
            brevity penalty, length ratio and lengths.
            """)

    @Option(help: "System output, one sentence a line.")
    var hypothesis: String

    @Option(help: "Reference translations; repeat the option for several references per sentence.")
    var reference: [String]

    @Flag(help: "Lowercase hypotheses and references first (signature case:lc).")
    var lowercase = false

    @Option(help: "Word tokenizer: \(BLEUTokenizer.allCases.map(\.rawValue).joined(separator: ", ")).")
    var tokenize = BLEUTokenizer.thirteenA.rawValue

    @Option(help: "Smoothing for zero matches: exp, floor, add-k, none.")
    var smoothMethod = "exp"

    @Option(help: "Value for floor (default 0.1) or add-k (default 1).")
    var smoothValue: Double?

    @Flag(help: "Drop n-gram orders above the longest hypothesis n-gram (sacreBLEU's effective order).")
    var effectiveOrder = false

    @Option(help: "Decimals of the score.")
    var width = 1

    @Flag(help: "Print only the score.")
    var scoreOnly = false

    func validate() throws {
        guard !reference.isEmpty else { throw ValidationError("Give at least one --reference file.") }
        guard BLEUTokenizer(rawValue: tokenize) != nil else {
            throw ValidationError("Unknown --tokenize '\(tokenize)'; use 13a, intl or none.")
        }
        guard BLEUSmoothing(method: smoothMethod) != nil else {
            throw ValidationError("Unknown --smooth-method '\(smoothMethod)'; use exp, floor, add-k or none.")
        }
        guard width >= 0 && width <= 17 else { throw ValidationError("--width must be between 0 and 17.") }
    }

    func run() throws {
        let hypotheses = try LineFile.readLines(atPath: hypothesis)
        let references = try reference.map { path -> [String] in
            let lines = try LineFile.readLines(atPath: path)
            guard lines.count == hypotheses.count else {
                throw TextFileError.lineCountMismatch(firstPath: hypothesis, firstLines: hypotheses.count,
                                                      secondPath: path, secondLines: lines.count)
            }
            return lines
        }
        let bleu = BLEU(tokenizer: BLEUTokenizer(rawValue: tokenize)!, lowercase: lowercase,
                        smoothing: BLEUSmoothing(method: smoothMethod, value: smoothValue)!,
                        effectiveOrder: effectiveOrder)
        let score = try bleu.corpusScore(hypotheses: hypotheses, references: references)
        if scoreOnly {
            print(score.formattedScore(width: width))
        } else {
            print(score.formatted(signature: bleu.signature(referenceCount: references.count), width: width))
        }
    }
}
