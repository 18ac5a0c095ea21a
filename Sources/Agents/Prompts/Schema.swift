import Federation

/// Small builders for the JSON schemas the roles constrain their LLM answers with (the subset
/// llama.cpp's grammar converter, vLLM and hosted APIs all read).
enum Schema {
    /// An object with exactly these properties, all of them required (a nullable one may be null).
    static func object(_ properties: [String: JSONValue]) -> JSONValue {
        [
            "type": "object", "properties": .object(properties),
            "required": .array(properties.keys.sorted().map(JSONValue.string)),
            "additionalProperties": false,
        ]
    }

    static func string(oneOf options: [String]) -> JSONValue {
        ["type": "string", "enum": .array(options.map(JSONValue.string))]
    }

    static let text: JSONValue = ["type": "string"]
    static let boolean: JSONValue = ["type": "boolean"]

    static func number(_ minimum: Double, _ maximum: Double) -> JSONValue {
        ["type": "number", "minimum": .number(minimum), "maximum": .number(maximum)]
    }

    static func integer(_ minimum: Int, _ maximum: Int) -> JSONValue {
        ["type": "integer", "minimum": .integer(minimum), "maximum": .integer(maximum)]
    }

    static func nullable(_ schema: JSONValue) -> JSONValue {
        ["anyOf": [schema, ["type": "null"]]]
    }

    static func array(_ items: JSONValue, maxItems: Int, minItems: Int = 0) -> JSONValue {
        ["type": "array", "items": items, "minItems": .integer(minItems), "maxItems": .integer(maxItems)]
    }

    /// An object of free keys whose values follow `values`.
    static func map(of values: JSONValue) -> JSONValue {
        ["type": "object", "additionalProperties": values]
    }
}
