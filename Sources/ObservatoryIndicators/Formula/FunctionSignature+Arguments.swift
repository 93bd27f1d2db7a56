extension FunctionSignature {
    /// The kind of argument `index` (0-based): extra arguments of a variadic function repeat the last kind.
    public func kind(ofArgument index: Int) -> Argument? {
        if index < arguments.count { return arguments[index] }
        return variadic ? arguments.last : nil
    }
}

extension FunctionSignature {
    /// How the function is written, from its summary: `lag(x, n)`.
    public var usage: String {
        summary.firstIndex(of: ":").map { String(summary[..<$0]) } ?? "\(name)(…)"
    }
}
