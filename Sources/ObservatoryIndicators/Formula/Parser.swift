/// Reads a formula into an ``Expression`` by recursive descent, one function per precedence level:
///
/// ```
/// expr           := or
/// or             := and ('or' and)*
/// and            := not ('and' not)*
/// not            := 'not' not | comparison
/// comparison     := additive (('<'|'<='|'>'|'>='|'=='|'!=') additive)?
/// additive       := multiplicative (('+'|'-') multiplicative)*
/// multiplicative := unary (('*'|'/') unary)*
/// unary          := '-' unary | primary
/// primary        := NUMBER | STRING | IDENT '(' [expr (',' expr)*] ')' | IDENT '.' IDENT [filters]
///                 | IDENT | '(' expr ')'
/// filters        := '[' filter (',' filter)* ']'
/// filter         := IDENT ('=' | '!=') STRING | IDENT ['not'] 'in' '(' STRING (',' STRING)* ')'
/// ```
///
/// Binary operators associate to the left; comparisons do not chain. A bare name is an
/// `.indicator`, except as an argument of kind dimension or reference of a known function
/// (`by(bmo.met, metier)`, `lq(t, region)`), where it is a `.name`. Nothing is evaluated here.
public struct FormulaParser {
    /// Deeper nesting than this is refused rather than risking the stack.
    public static let maximumDepth = 100

    private let tokens: [Token]
    private var index = 0
    private var depth = 0

    private init(tokens: [Token]) { self.tokens = tokens }

    /// Parses `text`.
    /// - Parameter sourceMap: where the text sits in its file; `nil` for positions in the text itself.
    /// - Throws: ``FormulaSyntaxError`` with the lexer's problems, or the parser's first one.
    public static func parse(_ text: String, sourceMap: FormulaSourceMap? = nil) throws(FormulaSyntaxError) -> Expression {
        try parse(tokens: FormulaLexer.tokenize(text, sourceMap: sourceMap))
    }

    /// Parses tokens from ``FormulaLexer``, which end with `.end`.
    public static func parse(tokens: [Token]) throws(FormulaSyntaxError) -> Expression {
        guard tokens.last?.kind == .end else {
            let location = tokens.last?.location ?? SourceLocation(line: 1, column: 1)
            throw FormulaSyntaxError([FormulaProblem("the tokens do not end with the end of the formula", at: location)])
        }
        var parser = FormulaParser(tokens: tokens)
        do throws(FormulaProblem) {
            if parser.current.kind == .end {
                throw FormulaProblem("the formula is empty", at: parser.current.location)
            }
            let expression = try parser.parseExpression()
            try parser.expectEnd()
            return expression
        } catch {
            throw FormulaSyntaxError([error])
        }
    }

    // MARK: Tokens

    private var current: Token { tokens[index] }
    private var previous: Token? { index > 0 ? tokens[index - 1] : nil }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[index]
        if token.kind != .end { index += 1 }
        return token
    }

    private mutating func consume(_ kind: Token.Kind) -> Token? {
        current.kind == kind ? advance() : nil
    }

    private func problem(_ message: String) -> FormulaProblem {
        FormulaProblem(message, at: current.location)
    }

    /// "unexpected end of formula after '+'" or "expected a value after '+', found ')'".
    private func expectedValue() -> FormulaProblem {
        let after = previous.map { " after \($0)" } ?? ""
        if current.kind == .end { return problem("unexpected end of formula\(after)") }
        return problem("expected a value\(after), found \(current)")
    }

    private func expectEnd() throws(FormulaProblem) {
        switch current.kind {
        case .end: return
        case .rightParenthesis: throw problem("unmatched ')': no '(' is open")
        case .rightBracket: throw problem("unmatched ']': no '[' is open")
        case .leftBracket: throw problem("filters in '[…]' can only follow a dataset measure such as bmo.met")
        case .assign: throw problem("'=' is only used in filters; compare values with '=='")
        default: throw problem("expected an operator or the end of the formula, found \(current)")
        }
    }

    // MARK: Precedence levels

    private mutating func parseExpression() throws(FormulaProblem) -> Expression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw problem("the formula nests too deeply") }
        return try parseOr()
    }

    private mutating func parseOr() throws(FormulaProblem) -> Expression {
        var left = try parseAnd()
        while let op = consume(.or) {
            left = .binary(.or, left, try parseAnd(), op.location)
        }
        return left
    }

    private mutating func parseAnd() throws(FormulaProblem) -> Expression {
        var left = try parseNot()
        while let op = consume(.and) {
            left = .binary(.and, left, try parseNot(), op.location)
        }
        return left
    }

    private mutating func parseNot() throws(FormulaProblem) -> Expression {
        guard let op = consume(.not) else { return try parseComparison() }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw problem("the formula nests too deeply") }
        return .unary(.not, try parseNot(), op.location)
    }

    private mutating func parseComparison() throws(FormulaProblem) -> Expression {
        let left = try parseAdditive()
        if current.kind == .assign { throw problem("'=' is only used in filters; compare values with '=='") }
        guard let op = current.comparison else { return left }
        let token = advance()
        let right = try parseAdditive()
        if current.comparison != nil {
            throw problem("comparisons do not chain: write 'a < b and b < c'")
        }
        if current.kind == .assign { throw problem("'=' is only used in filters; compare values with '=='") }
        return .binary(op, left, right, token.location)
    }

    private mutating func parseAdditive() throws(FormulaProblem) -> Expression {
        var left = try parseMultiplicative()
        while current.kind == .plus || current.kind == .minus {
            let op = advance()
            left = .binary(op.kind == .plus ? .add : .subtract, left, try parseMultiplicative(), op.location)
        }
        return left
    }

    private mutating func parseMultiplicative() throws(FormulaProblem) -> Expression {
        var left = try parseUnary()
        while current.kind == .star || current.kind == .slash {
            let op = advance()
            left = .binary(op.kind == .star ? .multiply : .divide, left, try parseUnary(), op.location)
        }
        return left
    }

    private mutating func parseUnary() throws(FormulaProblem) -> Expression {
        guard let op = consume(.minus) else { return try parsePrimary() }
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw problem("the formula nests too deeply") }
        return .unary(.negate, try parseUnary(), op.location)
    }

    private mutating func parsePrimary() throws(FormulaProblem) -> Expression {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return .number(value, token.location)
        case .text(let value):
            advance()
            return .text(value, token.location)
        case .identifier(let name):
            advance()
            if current.kind == .leftParenthesis { return try parseCall(name, at: token.location) }
            if current.kind == .dot { return try parseMeasure(dataset: name, at: token.location) }
            return .indicator(name, token.location)
        case .leftParenthesis:
            advance()
            let inner = try parseExpression()
            guard consume(.rightParenthesis) != nil else {
                throw problem("expected ')' to close the '(' opened at \(token.location)" + found)
            }
            return inner
        default:
            throw expectedValue()
        }
    }

    /// ", found 'x'" unless at the end.
    private var found: String { current.kind == .end ? "" : ", found \(current)" }

    // MARK: Calls and measures

    private mutating func parseCall(_ name: String, at location: SourceLocation) throws(FormulaProblem) -> Expression {
        let open = advance()
        let signature = FunctionCatalog.signature(name)
        var arguments: [Expression] = []
        if consume(.rightParenthesis) != nil { return .call(name, arguments, location) }
        while true {
            var argument = try parseExpression()
            if case .indicator(let bare, let at) = argument, let kind = signature?.kind(ofArgument: arguments.count),
               kind == .dimension || kind == .reference {
                argument = .name(bare, at)
            }
            arguments.append(argument)
            if consume(.comma) != nil { continue }
            if consume(.rightParenthesis) != nil { return .call(name, arguments, location) }
            if current.kind == .end {
                throw problem("expected ')' to close the call of '\(name)' opened at \(open.location)")
            }
            throw problem("expected ',' or ')' in the call of '\(name)' opened at \(open.location), found \(current)")
        }
    }

    private mutating func parseMeasure(dataset: String, at location: SourceLocation) throws(FormulaProblem) -> Expression {
        advance()
        guard case .identifier(let measure) = current.kind else {
            throw problem("expected a measure name after '\(dataset).'" + found)
        }
        advance()
        var reference = MeasureReference(dataset: dataset, measure: measure, location: location)
        if current.kind == .leftBracket { reference.filters = try parseFilters() }
        return .measure(reference)
    }

    private mutating func parseFilters() throws(FormulaProblem) -> [DimensionFilter] {
        let open = advance()
        if current.kind == .rightBracket {
            throw problem("empty filters: write a filter such as metier = \"A0Z40\", or remove the brackets")
        }
        var filters: [DimensionFilter] = []
        while true {
            filters.append(try parseFilter())
            if consume(.comma) != nil { continue }
            if consume(.rightBracket) != nil { return filters }
            if current.kind == .end { throw problem("expected ']' to close the filters opened at \(open.location)") }
            throw problem("expected ',' or ']' in the filters opened at \(open.location), found \(current)")
        }
    }

    private mutating func parseFilter() throws(FormulaProblem) -> DimensionFilter {
        guard case .identifier(let dimension) = current.kind else {
            if current.kind == .end { throw expectedValue() }
            throw problem("expected a dimension name in the filter, found \(current)")
        }
        let start = advance().location
        switch current.kind {
        case .assign, .notEqual:
            let negated = advance().kind == .notEqual
            return DimensionFilter(dimension: dimension, values: [try filterValue()], negated: negated, location: start)
        case .in:
            advance()
            return DimensionFilter(dimension: dimension, values: try filterList(), negated: false, location: start)
        case .not where tokens[index + 1].kind == .in:
            advance()
            advance()
            return DimensionFilter(dimension: dimension, values: try filterList(), negated: true, location: start)
        case .equal:
            throw problem("a filter is written with '=', not '=='")
        default:
            throw problem("expected '=', '!=', 'in' or 'not in' after the dimension '\(dimension)'" + found)
        }
    }

    private mutating func filterValue() throws(FormulaProblem) -> String {
        switch current.kind {
        case .text(let value):
            advance()
            return value
        case .number, .identifier:
            throw problem("a filter value must be a text in double quotes: write \"\(current.text)\"")
        case .end:
            throw expectedValue()
        default:
            throw problem("a filter value must be a text in double quotes, found \(current)")
        }
    }

    private mutating func filterList() throws(FormulaProblem) -> [String] {
        guard let open = consume(.leftParenthesis) else {
            throw problem("expected '(' after 'in' to list the values, such as in (\"A\", \"B\")" + found)
        }
        var values: [String] = []
        while true {
            values.append(try filterValue())
            if consume(.comma) != nil { continue }
            if consume(.rightParenthesis) != nil { return values }
            if current.kind == .end { throw problem("expected ')' to close the list opened at \(open.location)") }
            throw problem("expected ',' or ')' in the list opened at \(open.location), found \(current)")
        }
    }
}
