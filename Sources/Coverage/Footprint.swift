import Foundation
import Fleet
import Places

/// How a hotspot's footprint radius was found.
public enum FootprintBasis: String, Sendable, Codable {
    /// Set by a planner (`ketnoi coverage footprints --set`), e.g. from a site survey.
    case override
    /// From the radios of the hotspot's inventoried access points.
    case radios
    /// The environment class default at 2.4 GHz: the access points were never inventoried.
    case classDefault = "class-default"
}

/// The radio reach of a hotspot: a disc of this radius around it.
public struct Footprint: Sendable, Equatable {
    public var radius: Double
    public var basis: FootprintBasis
    /// Why the radius is what it is, in a few words (`2.4 GHz 20 dBm, urban`).
    public var detail: String

    public init(radius: Double, basis: FootprintBasis, detail: String) {
        self.radius = radius
        self.basis = basis
        self.detail = detail
    }

    /// True when nothing was known of the site's radios: the class default was used.
    public var isDefault: Bool { basis == .classDefault }
}

/// The documented footprint defaults (see `coverage-equity.md` §3.1).
///
/// - Class radius at 2.4 GHz and 20 dBm: rural (open) 100 m, suburban 80 m, urban 60 m,
///   dense-urban streets 40 m; a hotspot without a class is taken as urban.
/// - Band factor: 5 GHz 0.5 (free-space loss is about 7 dB higher, ≈ 0.45 of the range),
///   6 GHz 0.4.
/// - Transmit power below 20 dBm shrinks the radius as 10^((P − 20) / 30) (path-loss
///   exponent 3); more than 20 dBm does not widen it, because the phone's own transmitter
///   (about 15 dBm) limits the link back.
/// - A hotspot's radius is the widest of its access points' radios.
public enum FootprintModel {
    /// Metres at 2.4 GHz and the reference power, by environment class.
    public static func classRadius(_ environment: Environment?) -> Double {
        switch environment ?? .urban {
        case .rural: 100
        case .suburban: 80
        case .urban: 60
        case .denseUrban: 40
        }
    }

    /// The transmit power the class radii assume, in dBm.
    public static let referencePowerDBm = 20.0

    /// The share of the 2.4 GHz radius a band reaches; `band` is `2.4`, `5` or `6`.
    public static func bandFactor(_ band: String?, frequencyMHz: Int?) -> Double {
        let gigahertz: Double
        if let band, let value = Double(band) {
            gigahertz = value
        } else if let frequencyMHz {
            gigahertz = Double(frequencyMHz) / 1000
        } else {
            gigahertz = 2.4
        }
        if gigahertz >= 5.9 { return 0.4 }
        if gigahertz >= 4.9 { return 0.5 }
        return 1
    }

    /// The radius of one radio at a hotspot of this class, in metres.
    public static func radius(of radio: RadioFacts, environment: Environment?) -> Double {
        var radius = classRadius(environment)
            * bandFactor(radio.band, frequencyMHz: radio.frequencyMHz)
        if let power = radio.txPowerDBm, Double(power) < referencePowerDBm {
            radius *= pow(10, (Double(power) - referencePowerDBm) / 30)
        }
        return radius
    }

    /// A hotspot's footprint: the override when there is one, else the widest of its radios,
    /// else the class default (flagged).
    public static func footprint(
        for hotspot: Hotspot, radios: [RadioFacts], override: Double?
    ) -> Footprint {
        let environment = hotspot.environment
        let className = environment?.rawValue ?? "no class, taken as urban"
        if let override {
            return Footprint(radius: override, basis: .override, detail: "set by a planner")
        }
        var best: (radius: Double, radio: RadioFacts)?
        for radio in radios {
            let r = radius(of: radio, environment: environment)
            if let current = best, r <= current.radius { continue }
            best = (r, radio)
        }
        if let best {
            let band = best.radio.band.map { "\($0) GHz" } ?? "band unknown"
            let power = best.radio.txPowerDBm.map { "\($0) dBm" } ?? "power unknown"
            return Footprint(
                radius: best.radius, basis: .radios, detail: "\(band) \(power), \(className)")
        }
        return Footprint(
            radius: classRadius(environment), basis: .classDefault,
            detail: "never inventoried: 2.4 GHz default, \(className)")
    }
}
