/// Orders vintage labels with their digit runs compared as numbers: `2022` < `2023`,
/// `v99` < `v460`, `2023` < `2023-r1`.
enum VintageOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = chunks(lhs), right = chunks(rhs)
        for (a, b) in zip(left, right) where a != b {
            switch (a, b) {
            case let (.number(x), .number(y)):
                // Same value with different zero padding: fall back to the text.
                return x.value == y.value ? x.text < y.text : x.value < y.value
            case let (.text(x), .text(y)): return x < y
            case (.number, .text): return true
            case (.text, .number): return false
            }
        }
        return left.count < right.count
    }

    private enum Chunk: Equatable {
        case number(NumberText)
        case text(String)
    }

    private struct NumberText: Equatable {
        var text: String
        /// Compared as (digit count without leading zeros, digits), so any length works.
        var value: Significant
    }

    private struct Significant: Comparable {
        var digits: String
        static func < (a: Self, b: Self) -> Bool {
            a.digits.count != b.digits.count ? a.digits.count < b.digits.count : a.digits < b.digits
        }
    }

    private static func chunks(_ label: String) -> [Chunk] {
        var result: [Chunk] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if inDigits {
                let trimmed = String(current.drop(while: { $0 == "0" }))
                result.append(.number(NumberText(text: current, value: Significant(digits: trimmed))))
            } else {
                result.append(.text(current))
            }
            current = ""
        }
        for character in label {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != inDigits { flush(); inDigits = isDigit }
            current.append(character)
        }
        flush()
        return result
    }
}
