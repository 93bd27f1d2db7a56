import Foundation

/// The site's JSON writer: the bytes `JSONEncoder` gives with sorted keys, snake_case keys and
/// unescaped slashes, compact, without its generic boxing and per-key conversion. Values are
/// gathered into a small tree (an object's keys must be sorted before it is written), then
/// written into one byte buffer. It was a tenth of the national export's time.
///
/// Same bytes as `JSONEncoder`, checked by the tests on every kind of value and on the golden
/// page: keys in UTF-8 byte order, numbers as Swift prints them without a trailing `.0`,
/// strings escaped as `JSONEncoder` does (`\"`, `\\`, `\n`, `\u001f`…; `/` and non-ASCII kept).
public enum CompactJSONEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(64 * 1024)
        try append(value, to: &output)
        return Data(output)
    }

    /// Appends `value`'s JSON to `output`; `snakeCase: false` keeps property names as they are
    /// (`JSONEncoder` without a key strategy).
    public static func append<T: Encodable>(_ value: T, to output: inout [UInt8], snakeCase: Bool = true) throws {
        let node = try JSONTree.node(value, codingPath: nil, snakeCase: snakeCase)
        node.write(to: &output)
    }

    /// Appends `string` as a JSON string.
    public static func append(string: String, to output: inout [UInt8]) {
        JSONTree.writeString(string, to: &output)
    }

    /// Appends a finite number as `JSONEncoder` writes it (`12`, `0.5`, `1e-07`); throws for
    /// infinity and NaN, as `JSONEncoder` does.
    public static func append(number: Double, to output: inout [UInt8]) throws {
        try JSONTree.number(number, codingPath: nil).write(to: &output)
    }
}

/// A JSON value being built.
enum JSONTree {
    case object(JSONObject)
    case array(JSONArray)
    case string(String)
    /// Already written as JSON text.
    case number(String)
    case bool(Bool)
    case null

    static func node<T: Encodable>(_ value: T, codingPath: PathNode?, snakeCase: Bool = true) throws -> JSONTree {
        switch value {
        case let string as String: return .string(string)
        case let double as Double: return try number(double, codingPath: codingPath)
        case let int as Int: return .number(String(int))
        case let bool as Bool: return .bool(bool)
        // Every other primitive here, or its `encode(to:)` would come back through this function.
        case let integer as any BinaryInteger: return .number(String(describing: integer))
        case let float as Float:
            guard float.isFinite else { return try number(Double(float), codingPath: codingPath) }
            var text = float.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return .number(text)
        case let dictionary as any StringKeyedDictionary:
            // `JSONEncoder` keeps a dictionary's keys as they are (no snake_case).
            return try dictionary.tree(codingPath: codingPath, snakeCase: snakeCase)
        default:
            let encoder = TreeEncoder(codingPath: codingPath, snakeCase: snakeCase)
            try value.encode(to: encoder)
            return encoder.result ?? .object(JSONObject())
        }
    }

    static func number(_ value: Double, codingPath: PathNode?) throws -> JSONTree {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: PathNode.path(codingPath), debugDescription: "\(value) is not valid JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    func write(to output: inout [UInt8]) {
        switch self {
        case .object(let object):
            output.append(0x7B) // {
            for (position, index) in object.sortedIndices.enumerated() {
                if position > 0 { output.append(0x2C) }
                Self.writeString(object.keys[index], to: &output)
                output.append(0x3A) // :
                object.values[index].write(to: &output)
            }
            output.append(0x7D)
        case .array(let array):
            output.append(0x5B) // [
            for (index, item) in array.items.enumerated() {
                if index > 0 { output.append(0x2C) }
                item.write(to: &output)
            }
            output.append(0x5D)
        case .string(let string): Self.writeString(string, to: &output)
        case .number(let text): output.append(contentsOf: text.utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .null: output.append(contentsOf: "null".utf8)
        }
    }

    static func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(0x22)
        for byte in string.utf8 {
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])          // \"
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])          // \\
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])          // \n
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])          // \r
            case 0x09: output.append(contentsOf: [0x5C, 0x74])          // \t
            case 0x08: output.append(contentsOf: [0x5C, 0x62])          // \b
            case 0x0C: output.append(contentsOf: [0x5C, 0x66])          // \f
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }
}

/// A `[String: Encodable]`, whose keys are data, not property names.
protocol StringKeyedDictionary {
    func tree(codingPath: PathNode?, snakeCase: Bool) throws -> JSONTree
}

extension Dictionary: StringKeyedDictionary where Key == String, Value: Encodable {
    func tree(codingPath: PathNode?, snakeCase: Bool) throws -> JSONTree {
        let object = JSONObject()
        for (key, value) in self {
            object.set(key, try JSONTree.node(value, codingPath: PathNode(codingPath, TreeKey(key)), snakeCase: snakeCase))
        }
        return .object(object)
    }
}

final class JSONObject {
    var keys: [String] = []
    var values: [JSONTree] = []

    func set(_ key: String, _ value: JSONTree) {
        if let index = keys.firstIndex(of: key) {
            values[index] = value
        } else {
            keys.append(key)
            values.append(value)
        }
    }

    /// Positions in UTF-8 byte order of the keys, as `JSONEncoder`'s `.sortedKeys` writes them.
    var sortedIndices: [Int] {
        keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
    }
}

final class JSONArray {
    var items: [JSONTree] = []
}

/// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`, asked of `JSONEncoder` itself once per
/// key name (a page has a few dozen).
enum SnakeCaseKeys {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: String] = [:]

    static func convert(_ key: String) -> String {
        lock.lock()
        if let known = cache[key] { lock.unlock(); return known }
        lock.unlock()
        let converted = JSONEncoderKeyProbe.convert(key)
        lock.lock()
        cache[key] = converted
        lock.unlock()
        return converted
    }
}

private enum JSONEncoderKeyProbe {
    struct Probe: Encodable {
        let key: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TreeKey.self)
            try container.encode(0, forKey: TreeKey(key))
        }
    }

    static func convert(_ key: String) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(Probe(key: key)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let converted = object.keys.first else { return key }
        return converted
    }
}

struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Where a value is, built only when asked (an error): a linked list, not an array per value.
final class PathNode {
    let parent: PathNode?
    let key: any CodingKey

    init(_ parent: PathNode?, _ key: any CodingKey) {
        self.parent = parent
        self.key = key
    }

    static func path(_ node: PathNode?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var current = node
        while let node = current {
            keys.append(node.key)
            current = node.parent
        }
        return keys.reversed()
    }
}

/// An `Encoder` whose result is a ``JSONTree``.
final class TreeEncoder: Encoder {
    let path: PathNode?
    let snakeCase: Bool
    var codingPath: [any CodingKey] { PathNode.path(path) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var result: JSONTree?

    init(codingPath: PathNode?, snakeCase: Bool = true) {
        path = codingPath
        self.snakeCase = snakeCase
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObject
        if case .object(let existing)? = result {
            object = existing
        } else {
            object = JSONObject()
            result = .object(object)
        }
        return KeyedEncodingContainer(TreeKeyedContainer<Key>(object: object, path: path, snakeCase: snakeCase))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArray
        if case .array(let existing)? = result {
            array = existing
        } else {
            array = JSONArray()
            result = .array(array)
        }
        return TreeUnkeyedContainer(array: array, path: path, snakeCase: snakeCase)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { TreeSingleValue(encoder: self) }
}

private struct TreeSingleValue: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.result = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.result = try JSONTree.node(value, codingPath: encoder.path, snakeCase: encoder.snakeCase)
    }
}

private struct TreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObject
    let path: PathNode?
    let snakeCase: Bool
    var codingPath: [any CodingKey] { PathNode.path(path) }

    private func name(_ key: Key) -> String { snakeCase ? SnakeCaseKeys.convert(key.stringValue) : key.stringValue }

    mutating func encodeNil(forKey key: Key) throws { object.set(name(key), .null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(name(key), try JSONTree.node(value, codingPath: PathNode(path, key), snakeCase: snakeCase))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        object.set(name(key), .object(nested))
        return KeyedEncodingContainer(TreeKeyedContainer<NestedKey>(object: nested, path: PathNode(path, key), snakeCase: snakeCase))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        object.set(name(key), .array(nested))
        return TreeUnkeyedContainer(array: nested, path: PathNode(path, key), snakeCase: snakeCase)
    }

    mutating func superEncoder() -> any Encoder { SuperEncoder(object: object, key: "super", path: path, snakeCase: snakeCase) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        SuperEncoder(object: object, key: name(key), path: PathNode(path, key), snakeCase: snakeCase)
    }
}

private struct TreeUnkeyedContainer: UnkeyedEncodingContainer {
    let array: JSONArray
    let path: PathNode?
    let snakeCase: Bool
    var codingPath: [any CodingKey] { PathNode.path(path) }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try JSONTree.node(value, codingPath: PathNode(path, TreeKey(intValue: array.items.count)!), snakeCase: snakeCase))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(TreeKeyedContainer<NestedKey>(object: nested, path: path, snakeCase: snakeCase))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        array.items.append(.array(nested))
        return TreeUnkeyedContainer(array: nested, path: path, snakeCase: snakeCase)
    }

    mutating func superEncoder() -> any Encoder {
        let holder = JSONObject()
        array.items.append(.object(holder))
        return SuperEncoder(object: holder, key: "super", path: path, snakeCase: snakeCase)
    }
}

/// An encoder whose result lands under `key` of `object` (for `superEncoder()`).
private final class SuperEncoder: Encoder {
    let object: JSONObject
    let key: String
    let inner: TreeEncoder
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(object: JSONObject, key: String, path: PathNode?, snakeCase: Bool) {
        self.object = object
        self.key = key
        inner = TreeEncoder(codingPath: path, snakeCase: snakeCase)
    }

    deinit { object.set(key, inner.result ?? .object(JSONObject())) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}
