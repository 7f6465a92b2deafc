import SmithyPipeline

/// The values of one trial's active parameters, by parameter name.
public typealias ParameterAssignment = [String: TOMLValue]

extension SearchSpace {
    /// Whether `parameter` exists given the values already assigned to the parameters before it.
    public func isActive(_ parameter: SearchParameter, in assignment: ParameterAssignment) -> Bool {
        guard let condition = parameter.condition else { return true }
        guard let parentValue = assignment[condition.parent] else { return false }
        return condition.values.contains(parentValue)
    }

    /// Builds an assignment parameter by parameter in declaration order: `choose` gives the value of
    /// each active one (seeing the values chosen so far); inactive ones are left out.
    public func assign(_ choose: (SearchParameter, ParameterAssignment) -> TOMLValue) -> ParameterAssignment {
        var assignment = ParameterAssignment()
        for parameter in parameters where isActive(parameter, in: assignment) {
            assignment[parameter.name] = choose(parameter, assignment)
        }
        return assignment
    }

    /// `base` (a parsed configuration) with each assigned value written at its parameter's option path.
    public func configuration(_ base: TOMLTable, with assignment: ParameterAssignment) -> TOMLTable {
        var result = base
        for parameter in parameters {
            if let value = assignment[parameter.name] { Self.set(value, at: parameter.optionPath[...], in: &result) }
        }
        return result
    }

    private static func set(_ value: TOMLValue, at path: ArraySlice<String>, in table: inout TOMLTable) {
        let key = path.first!
        guard path.count > 1 else { table[key] = value; return }
        var child = table[key]?.table ?? TOMLTable()
        set(value, at: path.dropFirst(), in: &child)
        table[key] = .table(child)
    }
}
