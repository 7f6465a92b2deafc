import SmithyTensor

/// A train/validation split of items that keeps each label's share: within every label, a
/// shuffled `validationFraction` (rounded, at least one when a label has two or more items) goes
/// to validation. Returns item indices in ascending order.
public func stratifiedSplit(labels: [String], validationFraction: Double,
                            generator: RandomGenerator) -> (training: [Int], validation: [Int]) {
    precondition(validationFraction >= 0 && validationFraction < 1, "validation fraction \(validationFraction) is outside [0, 1)")
    var training: [Int] = [], validation: [Int] = []
    var shuffler = generator
    let groups = Dictionary(grouping: labels.indices, by: { labels[$0] })
    for label in groups.keys.sorted() {
        let members = groups[label]!.shuffled(using: &shuffler)
        var held = Int((Double(members.count) * validationFraction).rounded())
        if validationFraction > 0 && members.count >= 2 { held = max(held, 1) }
        validation += members.prefix(held)
        training += members.dropFirst(held)
    }
    return (training.sorted(), validation.sorted())
}
