// The Prometheus text exposition format, version 0.0.4, as node_exporter's textfile collector
// reads it: HELP and TYPE before a family's samples, label values escaped, no timestamps
// (the collector refuses them), the last line ending in a newline.
// See ../shared/reference/ecosystem.md (b) and prometheus.io/docs/instrumenting/
// exposition_formats.

/// The type a `# TYPE` line declares.
public enum MetricType: String, Sendable {
    case counter, gauge, untyped
}

/// One sample line: its labels, in order, and its value.
public struct MetricSample: Sendable, Equatable {
    public var labels: [(name: String, value: String)]
    public var value: Double

    public init(_ labels: [(name: String, value: String)], _ value: Double) {
        self.labels = labels
        self.value = value
    }

    /// A sample without labels.
    public init(_ value: Double) {
        self.init([], value)
    }

    public static func == (a: MetricSample, b: MetricSample) -> Bool {
        a.value.bitPattern == b.value.bitPattern && a.labels.elementsEqual(b.labels) {
            $0.name == $1.name && $0.value == $1.value
        }
    }
}

/// A metric name with its help, type and samples.
public struct MetricFamily: Sendable, Equatable {
    public let name: String
    public let help: String
    public let type: MetricType
    public var samples: [MetricSample]

    public init(_ name: String, _ type: MetricType, _ help: String, _ samples: [MetricSample] = [])
    {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }
}

/// A family the renderer refuses: a name outside the ASCII set, or a repeated series.
public struct PrometheusTextError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public var description: String { message }
}

/// Renders metric families as Prometheus text.
public enum PrometheusText {
    /// The whole exposition: families in the order given, empty families left out.
    ///
    /// Throws when a metric or label name does not match the ASCII name rules, when a name is
    /// given twice, or when one family repeats a label set.
    public static func render(_ families: [MetricFamily]) throws -> String {
        var text = ""
        var names = Set<String>()
        for family in families where !family.samples.isEmpty {
            guard isMetricName(family.name) else {
                throw PrometheusTextError(message: "'\(family.name)' is not a metric name")
            }
            guard names.insert(family.name).inserted else {
                throw PrometheusTextError(message: "metric \(family.name) is given twice")
            }
            text += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            text += "# TYPE \(family.name) \(family.type.rawValue)\n"
            var series = Set<String>()
            for sample in family.samples {
                let labels = try labelSet(sample.labels, of: family.name)
                guard series.insert(labels).inserted else {
                    throw PrometheusTextError(
                        message: "metric \(family.name) repeats the series {\(labels)}")
                }
                text += family.name + (labels.isEmpty ? "" : "{\(labels)}")
                text += " " + format(sample.value) + "\n"
            }
        }
        return text
    }

    /// `a="x",b="y"`; labels with an empty value are left out, as Prometheus treats them as
    /// missing.
    static func labelSet(
        _ labels: [(name: String, value: String)], of metric: String
    ) throws -> String {
        var parts: [String] = []
        var seen = Set<String>()
        for label in labels where !label.value.isEmpty {
            guard isLabelName(label.name) else {
                throw PrometheusTextError(
                    message: "metric \(metric): '\(label.name)' is not a label name")
            }
            guard seen.insert(label.name).inserted else {
                throw PrometheusTextError(
                    message: "metric \(metric): label \(label.name) is given twice")
            }
            parts.append("\(label.name)=\"\(escapeLabelValue(label.value))\"")
        }
        return parts.joined(separator: ",")
    }

    /// A label value as the format wants it: `\`, `"` and newline escaped; other control
    /// characters (which some parsers choke on) written as the text `\xNN`.
    public static func escapeLabelValue(_ value: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out += "\\\\x" + hex(UInt8(scalar.value))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A HELP docstring: `\` and newline escaped.
    public static func escapeHelp(_ help: String) -> String {
        var out = ""
        for scalar in help.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A Go-style float: whole numbers without a fraction, `NaN`, `+Inf`, `-Inf`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, the ASCII metric name set.
    public static func isMetricName(_ name: String) -> Bool {
        isName(name, colon: true)
    }

    /// `[a-zA-Z_][a-zA-Z0-9_]*`, without the reserved `__` prefix.
    public static func isLabelName(_ name: String) -> Bool {
        isName(name, colon: false) && !name.hasPrefix("__")
    }

    private static func isName(_ name: String, colon: Bool) -> Bool {
        guard let first = name.utf8.first else { return false }
        func letter(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
                || (colon && c == 0x3A)
        }
        return letter(first) && name.utf8.allSatisfy { letter($0) || ($0 >= 0x30 && $0 <= 0x39) }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
