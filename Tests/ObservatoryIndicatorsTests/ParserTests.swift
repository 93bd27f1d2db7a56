@testable import ObservatoryIndicators
import Testing

@Suite struct ParserTests {
    static func parsed(_ formula: String) throws -> String {
        FormulaFixtures.render(try FormulaParser.parse(formula))
    }

    @Test(arguments: [
        // Precedence
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("-a * b", "(* (- a) b)"),
        ("- -a", "(- (- a))"),
        ("a + b > c * d", "(> (+ a b) (* c d))"),
        ("a > b and c < d or e == f", "(or (and (> a b) (< c d)) (== e f))"),
        ("a or b and c", "(or a (and b c))"),
        ("not a > b", "(not (> a b))"),
        ("not not a and b", "(and (not (not a)) b)"),
        // Left associativity
        ("a - b - c", "(- (- a b) c)"),
        ("a / b / c", "(/ (/ a b) c)"),
        ("a / b * c", "(* (/ a b) c)"),
        ("a or b or c", "(or (or a b) c)"),
        // Unicode operators
        ("a − b × c ÷ d", "(- a (/ (* b c) d))"),
        ("a ≤ b", "(<= a b)"),
        ("a ≠ b", "(!= a b)"),
        // Subtraction versus dashed dataset ids
        ("a-b", "(- a b)"),
        ("a - b", "(- a b)"),
        ("bmo.met-bmo.xmet", "(- bmo.met bmo.xmet)"),
        ("urssaf-ze.effectifs - urssaf-ze.effectifs", "(- urssaf-ze.effectifs urssaf-ze.effectifs)"),
        // Measures and filters
        ("bmo.met", "bmo.met"),
        (#"bmo.met[famille = "A"]"#, #"bmo.met[famille = "A"]"#),
        (#"bmo.met[famille != "A", dep = "18"]"#, #"bmo.met[famille != "A", dep = "18"]"#),
        (#"bmo.met[metier in ("A0Z40", "A0Z41")]"#, #"bmo.met[metier in ("A0Z40", "A0Z41")]"#),
        (#"bmo.met[metier not in ("A0Z40", "A0Z41"), dep="37"]"#, #"bmo.met[metier not in ("A0Z40", "A0Z41"), dep = "37"]"#),
        (#"bmo.met[metier in ("A0Z40")]"#, #"bmo.met[metier = "A0Z40"]"#),
        // Calls, names in dimension and reference positions
        ("percent(bmo.xmet / bmo.met)", "(percent (/ bmo.xmet bmo.met))"),
        ("by(urssaf-commune-ape.effectifs, secteur_na17)", "(by urssaf-commune-ape.effectifs 'secteur_na17)"),
        ("lq(by(bmo.met, metier), region)", "(lq (by bmo.met 'metier) 'region)"),
        ("shift_share(t, 5, france)", "(shift_share t 5 'france)"),
        ("coalesce(a, b, c)", "(coalesce a b c)"),
        ("if(a > 1, b, 0)", "(if (> a 1) b 0)"),
        ("unknown_function(a, metier)", "(unknown_function a metier)"),
        ("f()", "(f)"),
        ("chomage_taux", "chomage_taux"),
        ("\"texte\"", "\"texte\""),
        ("1e3 + 1_000", "(+ 1000 1000)"),
        ("a # the rest is a comment\n + b", "(+ a b)"),
    ])
    func parses(formula: String, expected: String) throws {
        #expect(try Self.parsed(formula) == expected)
    }

    @Test func locationsPointAtOperatorsAndNames() throws {
        let expression = try FormulaParser.parse("share(\n  bmo.met[famille = \"A\"]) + x")
        guard case .binary(.add, .call("share", let arguments, let call), .indicator("x", let x), let plus) = expression,
              case .measure(let measure) = arguments.first else {
            Issue.record("unexpected tree \(FormulaFixtures.render(expression))")
            return
        }
        #expect(call == SourceLocation(line: 1, column: 1))
        #expect(measure.location == SourceLocation(line: 2, column: 3))
        #expect(measure.filters.first?.location == SourceLocation(line: 2, column: 11))
        #expect(plus == SourceLocation(line: 2, column: 27))
        #expect(x == SourceLocation(line: 2, column: 29))
    }

    @Test(arguments: [
        ("share(by(bmo.met, metier)", "1:26: expected ')' to close the call of 'share' opened at 1:6"),
        ("1 + share(", "1:11: unexpected end of formula after '('"),
        ("share(a b)", "1:9: expected ',' or ')' in the call of 'share' opened at 1:6, found 'b'"),
        ("f(a,)", "1:5: expected a value after ',', found ')'"),
        ("(a + b", "1:7: expected ')' to close the '(' opened at 1:1"),
        ("(a + b]", "1:7: expected ')' to close the '(' opened at 1:1, found ']'"),
        ("a +", "1:4: unexpected end of formula after '+'"),
        ("a * / b", "1:5: expected a value after '*', found '/'"),
        ("+a", "1:1: expected a value, found '+'"),
        ("", "1:1: the formula is empty"),
        ("   # nothing", "1:1: the formula is empty"),
        ("a b", "1:3: expected an operator or the end of the formula, found 'b'"),
        ("a)", "1:2: unmatched ')': no '(' is open"),
        ("a]", "1:2: unmatched ']': no '[' is open"),
        ("x[famille = \"A\"]", "1:2: filters in '[…]' can only follow a dataset measure such as bmo.met"),
        ("a = b", "1:3: '=' is only used in filters; compare values with '=='"),
        ("if(a = 1, b, c)", "1:6: '=' is only used in filters; compare values with '=='"),
        ("a < b < c", "1:7: comparisons do not chain: write 'a < b and b < c'"),
        ("bmo.", "1:5: expected a measure name after 'bmo.'"),
        ("bmo.(met)", "1:5: expected a measure name after 'bmo.', found '('"),
        ("bmo.met[]", "1:9: empty filters: write a filter such as metier = \"A0Z40\", or remove the brackets"),
        ("bmo.met[famille = A]", "1:19: a filter value must be a text in double quotes: write \"A\""),
        ("bmo.met[dep = 08]", "1:15: a filter value must be a text in double quotes: write \"08\""),
        ("bmo.met[dep = (\"08\")]", "1:15: a filter value must be a text in double quotes, found '('"),
        ("bmo.met[famille == \"A\"]", "1:17: a filter is written with '=', not '=='"),
        ("bmo.met[famille \"A\"]", "1:17: expected '=', '!=', 'in' or 'not in' after the dimension 'famille', found '\"A\"'"),
        ("bmo.met[\"A\" = famille]", "1:9: expected a dimension name in the filter, found '\"A\"'"),
        ("bmo.met[famille = \"A\"", "1:22: expected ']' to close the filters opened at 1:8"),
        ("bmo.met[famille = \"A\" dep = \"18\"]", "1:23: expected ',' or ']' in the filters opened at 1:8, found 'dep'"),
        ("bmo.met[metier in \"A\"]", "1:19: expected '(' after 'in' to list the values, such as in (\"A\", \"B\"), found '\"A\"'"),
        ("bmo.met[metier in (\"A\", \"B\"]", "1:28: expected ',' or ')' in the list opened at 1:19, found ']'"),
        ("bmo.met[metier not (\"A\")]", "1:16: expected '=', '!=', 'in' or 'not in' after the dimension 'metier', found 'not'"),
        ("bmo.met[famille =", "1:18: unexpected end of formula after '='"),
    ])
    func syntaxErrors(formula: String, expected: String) {
        do {
            let expression = try FormulaParser.parse(formula)
            Issue.record("parsed as \(FormulaFixtures.render(expression))")
        } catch {
            #expect(error.problems.map(\.description) == [expected])
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let formula = String(repeating: "(", count: 400) + "1" + String(repeating: ")", count: 400)
        #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(formula) }
        let minuses = String(repeating: "- ", count: 400) + "1"
        #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(minuses) }
    }

    /// Random token soups never crash the lexer, the parser or the validator.
    @Test func randomInputNeverCrashes() {
        let pieces = ["bmo", ".", "met", "urssaf-ze", "-", "+", "*", "/", "(", ")", "[", "]", ",", "=", "==", "!=", "<",
                      "and", "or", "not", "in", "\"A\"", "\"", "1", "0.5", "1e", "by", "share", "sum", "lag", "if",
                      "metier", "region", "x", " ", "\n", "#", "§", "−", "×", "'"]
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        let validator = FormulaValidator(symbols: FormulaFixtures.symbols)
        var parsed = 0
        for _ in 0..<3_000 {
            var formula = ""
            for _ in 0..<(Int(seed >> 60) + 1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                formula += pieces[Int(seed >> 33) % pieces.count]
            }
            if let expression = try? FormulaParser.parse(formula) {
                parsed += 1
                _ = validator.check(expression)
            }
        }
        #expect(parsed > 0)
    }

    @Test func lexerProblemsAreAllReported() {
        do {
            _ = try FormulaParser.parse("a § b $ c")
            Issue.record("parsed")
        } catch {
            #expect(error.problems.map(\.description) == ["1:3: unexpected character '§'", "1:7: unexpected character '$'"])
        }
    }
}
