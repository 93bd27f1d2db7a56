/// Splits a formula into tokens, each with its line and column.
///
/// A character the language does not know is a ``FormulaProblem``, never a crash; the lexer
/// goes on after it, so that every bad character of a formula is reported at once.
///
/// Names are ASCII letters, digits and `_`, not starting with a digit. A dataset id may also
/// contain dashes (`urssaf-ze`, `urssaf-commune-ape`): a name directly followed by `-` and a
/// letter, without spaces, keeps the dash only when the whole dashed name is directly followed
/// by `.` (a dataset measure, `urssaf-ze.effectifs`) and the name is not itself a measure (after
/// a `.`). Everywhere else `-` is a minus: `a-b`, `a - b`, `bmo.met-bmo.xmet` are subtractions.
public struct FormulaLexer {
    /// More tokens than this is refused: split such a formula into several indicators.
    public static let maximumTokens = 1_000

    private let scalars: [Unicode.Scalar]
    private let map: FormulaSourceMap
    private var position = 0
    private var tokens: [Token] = []
    private var problems: [FormulaProblem] = []

    private init(_ text: String, map: FormulaSourceMap) {
        self.scalars = Array(text.unicodeScalars)
        self.map = map
    }

    /// The tokens of `text`, ending with a `.end` token.
    /// - Parameter sourceMap: where the text sits in its file; `nil` for positions in the text itself.
    /// - Throws: ``FormulaSyntaxError`` listing every unknown character, unterminated text or bad number.
    public static func tokenize(_ text: String, sourceMap: FormulaSourceMap? = nil) throws(FormulaSyntaxError) -> [Token] {
        var lexer = FormulaLexer(text, map: sourceMap ?? FormulaSourceMap(formula: text))
        lexer.run()
        if !lexer.problems.isEmpty { throw FormulaSyntaxError(lexer.problems) }
        return lexer.tokens
    }

    private mutating func run() {
        while position < scalars.count {
            if tokens.count > Self.maximumTokens {
                problems.append(FormulaProblem("the formula is too long (more than \(Self.maximumTokens) symbols); "
                    + "split it into several indicators", at: map.location(atOffset: 0)))
                return
            }
            let scalar = scalars[position]
            if Self.isSpace(scalar) {
                position += 1
            } else if scalar == "#" {
                while position < scalars.count && scalars[position] != "\n" { position += 1 }
            } else if Self.isDigit(scalar) {
                lexNumber()
            } else if Self.isNameStart(scalar) {
                lexName()
            } else if scalar == "\"" {
                lexText()
            } else {
                lexSymbol(scalar)
            }
        }
        let end = tokens.last.map { $0.offset + $0.text.unicodeScalars.count } ?? 0
        tokens.append(Token(.end, text: "", location: map.location(atOffset: end), offset: end))
    }

    private mutating func emit(_ kind: Token.Kind, from start: Int) {
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        tokens.append(Token(kind, text: text, location: map.location(atOffset: start), offset: start))
    }

    private mutating func problem(_ message: String, at offset: Int) {
        problems.append(FormulaProblem(message, at: map.location(atOffset: offset)))
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private mutating func lexNumber() {
        let start = position
        func digits(_ lexer: inout FormulaLexer) {
            while let s = lexer.peek(), FormulaLexer.isDigit(s) || s == "_" { lexer.position += 1 }
        }
        digits(&self)
        if peek() == ".", let next = peek(1), Self.isDigit(next) {
            position += 1
            digits(&self)
        }
        var valid = true
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if let next = peek(signed ? 2 : 1), Self.isDigit(next) {
                position += signed ? 2 : 1
                digits(&self)
            } else {
                valid = false
            }
        }
        while let s = peek(), Self.isNameCharacter(s) || Self.isNonASCIILetter(s) {
            valid = false
            position += 1
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        let plain = text.replacingOccurrences(of: "_", with: "")
        let underscoresOK = !text.contains("__") && !text.contains("_.") && !text.contains("._")
            && !text.hasSuffix("_") && !text.contains("_e") && !text.contains("_E")
        guard valid, underscoresOK, let value = Double(plain) else {
            problem("invalid number '\(text)'", at: start)
            return
        }
        emit(.number(value), from: start)
    }

    private mutating func lexName() {
        let start = position
        while let s = peek(), Self.isNameCharacter(s) || Self.isNonASCIILetter(s) {
            if Self.isNonASCIILetter(s) {
                problem("unexpected character '\(Character(s))' in a name: names use unaccented letters, digits and '_'",
                        at: position)
            }
            position += 1
        }
        if tokens.last?.kind != .dot { extendWithDashes() }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        let kind: Token.Kind = switch text {
        case "and": .and
        case "or": .or
        case "not": .not
        case "in": .in
        default: .identifier(text)
        }
        emit(kind, from: start)
    }

    /// Takes `-letters…` segments into the name when the dashed name is directly followed by `.`.
    private mutating func extendWithDashes() {
        var end = position
        while end + 1 < scalars.count, scalars[end] == "-", Self.isLetter(scalars[end + 1]) {
            end += 1
            while end < scalars.count, Self.isNameCharacter(scalars[end]) { end += 1 }
        }
        if end > position, end < scalars.count, scalars[end] == "." { position = end }
    }

    private mutating func lexText() {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let s = peek(), s != "\n", s != "\r" else {
                problem("unterminated text: the closing '\"' is missing", at: start)
                return
            }
            position += 1
            if s == "\"" { break }
            if s == "\\" {
                guard let escaped = peek(), escaped == "\"" || escaped == "\\" else {
                    let shown = peek().map { "\\" + String(Character($0)) } ?? "\\"
                    problem("unknown escape '\(shown)' in a text: write \\\" for a quote and \\\\ for a backslash",
                            at: position - 1)
                    continue
                }
                position += 1
                value.append(escaped)
            } else {
                value.append(s)
            }
        }
        emit(.text(String(value)), from: start)
    }

    private mutating func lexSymbol(_ scalar: Unicode.Scalar) {
        let start = position
        position += 1
        let kind: Token.Kind
        switch scalar {
        case ".": kind = .dot
        case ",": kind = .comma
        case "(": kind = .leftParenthesis
        case ")": kind = .rightParenthesis
        case "[": kind = .leftBracket
        case "]": kind = .rightBracket
        case "+": kind = .plus
        case "-", "\u{2212}": kind = .minus
        case "*", "×": kind = .star
        case "/", "÷": kind = .slash
        case "≤": kind = .lessOrEqual
        case "≥": kind = .greaterOrEqual
        case "≠": kind = .notEqual
        case "<": kind = match("=") ? .lessOrEqual : .less
        case ">": kind = match("=") ? .greaterOrEqual : .greater
        case "=": kind = match("=") ? .equal : .assign
        case "!":
            guard match("=") else {
                problem("unexpected character '!': write 'not' for a negation or '!=' for 'differs from'", at: start)
                return
            }
            kind = .notEqual
        case "'":
            while let s = peek(), s != "'", s != "\n" { position += 1 }
            if peek() == "'" { position += 1 }
            problem("texts are written in double quotes, not single quotes", at: start)
            return
        case "“", "”", "«", "»", "‘", "’":
            problem("unexpected character '\(Character(scalar))': texts are written in straight double quotes (\")", at: start)
            return
        default:
            let shown = scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.properties.generalCategory == .format
                ? "U+" + String(scalar.value, radix: 16, uppercase: true)
                : "'\(Character(scalar))'"
            problem("unexpected character \(shown)", at: start)
            return
        }
        emit(kind, from: start)
    }

    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard peek() == expected else { return false }
        position += 1
        return true
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s == " " || s == "\t" || s == "\n" || s == "\r" || s == "\u{A0}" || s == "\u{202F}"
    }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
    static func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
    static func isNameStart(_ s: Unicode.Scalar) -> Bool { isLetter(s) || s == "_" || isNonASCIILetter(s) }
    static func isNameCharacter(_ s: Unicode.Scalar) -> Bool { isLetter(s) || isDigit(s) || s == "_" }
    static func isNonASCIILetter(_ s: Unicode.Scalar) -> Bool { !s.isASCII && s.properties.isAlphabetic }
}
