@testable import ObservatoryIndicators
import Testing

@Suite struct LexerTests {
    /// Renders tokens as `kind:text`, numbers and texts by value.
    static func kinds(_ formula: String) throws -> [String] {
        try FormulaLexer.tokenize(formula).dropLast().map { token in
            switch token.kind {
            case .number(let value): "num:\(FormulaValidator.format(value))"
            case .text(let text): "text:\(text)"
            case .identifier(let name): "id:\(name)"
            default: token.text
            }
        }
    }

    @Test(arguments: [
        ("100", ["num:100"]),
        ("0.5", ["num:0.5"]),
        ("1e3", ["num:1000"]),
        ("2.5E-1", ["num:0.25"]),
        ("1_000", ["num:1000"]),
        ("1_000.25", ["num:1000.25"]),
        ("\"Agriculture\"", ["text:Agriculture"]),
        (#""dit \"oui\" \\ non""#, [#"text:dit "oui" \ non"#]),
        ("\"métier à façon\"", ["text:métier à façon"]),
        ("secteur_na17", ["id:secteur_na17"]),
        ("_x9", ["id:_x9"]),
        ("bmo.met", ["id:bmo", ".", "id:met"]),
        ("a and b or not c in d", ["id:a", "and", "id:b", "or", "not", "id:c", "in", "id:d"]),
        ("( ) [ ] , .", ["(", ")", "[", "]", ",", "."]),
        ("+ - * /", ["+", "-", "*", "/"]),
        ("− × ÷", ["−", "×", "÷"]),
        ("< <= > >= == != =", ["<", "<=", ">", ">=", "==", "!=", "="]),
        ("≤ ≥ ≠", ["≤", "≥", "≠"]),
        ("a # a comment (with \"quotes\"\n+ b", ["id:a", "+", "id:b"]),
        ("1+2", ["num:1", "+", "num:2"]),
        ("x\u{A0}+\ty\r\n", ["id:x", "+", "id:y"]),
    ])
    func tokens(formula: String, expected: [String]) throws {
        #expect(try Self.kinds(formula) == expected)
    }

    @Test(arguments: [
        // A dashed name directly followed by '.' is a dataset id.
        ("urssaf-ze.effectifs", ["id:urssaf-ze", ".", "id:effectifs"]),
        ("urssaf-commune-ape.effectifs", ["id:urssaf-commune-ape", ".", "id:effectifs"]),
        ("bassins-bmo.x", ["id:bassins-bmo", ".", "id:x"]),
        ("by(urssaf-commune-ape.effectifs, secteur_na17)",
         ["id:by", "(", "id:urssaf-commune-ape", ".", "id:effectifs", ",", "id:secteur_na17", ")"]),
        // Everywhere else '-' is a minus.
        ("a-b", ["id:a", "-", "id:b"]),
        ("a - b", ["id:a", "-", "id:b"]),
        ("a -b.c", ["id:a", "-", "id:b", ".", "id:c"]),
        ("a- b.c", ["id:a", "-", "id:b", ".", "id:c"]),
        ("a-b (c)", ["id:a", "-", "id:b", "(", "id:c", ")"]),
        ("a-sum(x)", ["id:a", "-", "id:sum", "(", "id:x", ")"]),
        ("x-1", ["id:x", "-", "num:1"]),
        ("a-b-c", ["id:a", "-", "id:b", "-", "id:c"]),
        // A measure name (after '.') never takes a dash: this is a subtraction of two measures.
        ("bmo.met-bmo.xmet", ["id:bmo", ".", "id:met", "-", "id:bmo", ".", "id:xmet"]),
        ("bmo.met-urssaf-ze.effectifs", ["id:bmo", ".", "id:met", "-", "id:urssaf-ze", ".", "id:effectifs"]),
        // '-' followed by a digit does not join.
        ("ze-2020.x", ["id:ze", "-", "num:2020", ".", "id:x"]),
    ])
    func dashes(formula: String, expected: [String]) throws {
        #expect(try Self.kinds(formula) == expected)
    }

    @Test func locationsAreOneBasedLinesAndColumns() throws {
        let tokens = try FormulaLexer.tokenize("share(\n  bmo.met[famille = \"A\"])")
        let located = tokens.map { "\($0.text)@\($0.location)" }
        #expect(located == ["share@1:1", "(@1:6", "bmo@2:3", ".@2:6", "met@2:7", "[@2:10", "famille@2:11", "=@2:19",
                            "\"A\"@2:21", "]@2:24", ")@2:25", "@2:26"])
        #expect(tokens.map(\.offset) == [0, 5, 9, 12, 13, 16, 17, 25, 27, 30, 31, 32])
    }

    @Test(arguments: [
        ("a § b", ["1:3: unexpected character '§'"]),
        ("a ; b ? c", ["1:3: unexpected character ';'", "1:7: unexpected character '?'"]),
        ("a\u{7}", ["1:2: unexpected character U+7"]),
        ("'A'", ["1:1: texts are written in double quotes, not single quotes"]),
        ("« A »", ["1:1: unexpected character '«': texts are written in straight double quotes (\")",
                   "1:5: unexpected character '»': texts are written in straight double quotes (\")"]),
        ("\"abc", ["1:1: unterminated text: the closing '\"' is missing"]),
        ("\"ab\nc\"", ["1:1: unterminated text: the closing '\"' is missing", "2:2: unterminated text: the closing '\"' is missing"]),
        (#""a\nb""#, [#"1:3: unknown escape '\n' in a text: write \" for a quote and \\ for a backslash"#]),
        ("12abc", ["1:1: invalid number '12abc'"]),
        ("1e", ["1:1: invalid number '1e'"]),
        ("1__000", ["1:1: invalid number '1__000'"]),
        ("1000_", ["1:1: invalid number '1000_'"]),
        ("a ! b", ["1:3: unexpected character '!': write 'not' for a negation or '!=' for 'differs from'"]),
        ("métier", ["1:2: unexpected character 'é' in a name: names use unaccented letters, digits and '_'"]),
    ])
    func badInput(formula: String, expected: [String]) {
        #expect(throws: FormulaSyntaxError.self) { try FormulaLexer.tokenize(formula) }
        do {
            _ = try FormulaLexer.tokenize(formula)
        } catch {
            #expect(error.problems.map(\.description) == expected)
        }
    }

    @Test func tooManyTokensIsRefused() {
        let formula = Array(repeating: "1", count: 600).joined(separator: "+")
        #expect(throws: FormulaSyntaxError.self) { try FormulaLexer.tokenize(formula) }
    }

    @Test func emptyFormulaIsJustTheEnd() throws {
        let tokens = try FormulaLexer.tokenize("  # only a comment")
        #expect(tokens.map(\.kind) == [.end])
        #expect(tokens[0].location == SourceLocation(line: 1, column: 1))
    }
}
