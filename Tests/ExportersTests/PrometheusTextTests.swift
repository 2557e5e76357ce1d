import Testing

@testable import Exporters

@Suite("Prometheus text exposition")
struct PrometheusTextTests {
    @Test("a family renders HELP, TYPE and one line per sample, ending in a newline")
    func golden() throws {
        let text = try PrometheusText.render([
            MetricFamily(
                "ketnoi_ap_clients", .gauge, "Clients heard.\nSecond line \\ here.",
                [
                    MetricSample([("ap", "lab-ap-001")], 12),
                    MetricSample([("ap", "lab-ap-002")], 0.25),
                ]),
            MetricFamily("ketnoi_empty", .gauge, "Left out: no samples."),
            MetricFamily(
                "ketnoi_hotspot_usage_bytes_total", .counter, "Bytes.",
                [MetricSample([("hotspot", "CT-001"), ("direction", "up")], 1_234_567_890_123)]),
        ])
        #expect(
            text == """
                # HELP ketnoi_ap_clients Clients heard.\\nSecond line \\\\ here.
                # TYPE ketnoi_ap_clients gauge
                ketnoi_ap_clients{ap="lab-ap-001"} 12
                ketnoi_ap_clients{ap="lab-ap-002"} 0.25
                # HELP ketnoi_hotspot_usage_bytes_total Bytes.
                # TYPE ketnoi_hotspot_usage_bytes_total counter
                ketnoi_hotspot_usage_bytes_total{hotspot="CT-001",direction="up"} 1234567890123

                """)
    }

    @Test("label values escape backslash, quote and newline; other controls become \\xNN")
    func labelEscaping() {
        #expect(PrometheusText.escapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
        #expect(PrometheusText.escapeLabelValue("tab\there\u{7}") == "tab\\\\x09here\\\\x07")
        #expect(PrometheusText.escapeLabelValue("Phường Cái Khế") == "Phường Cái Khế")
        #expect(PrometheusText.escapeLabelValue("cr\r\nlf") == "cr\\\\x0d\\nlf")
    }

    @Test("an SSID that is not UTF-8 renders as a valid, escaped label value")
    func ssidLabel() throws {
        var metrics = KetnoiMetrics(exportedAt: 0)
        metrics.accessPoints = [
            AccessPointMetrics(
                name: "lab-ap-005", firmwareFamily: "openwrt", state: "ok",
                networks: [
                    NetworkMetrics(
                        interface: "phy1-ap0", band: "5",
                        // The display form of CanTho-WiFi-, 0xFF, 0xFE, a quote and a backslash.
                        ssid: #"CanTho-WiFi-\xff\xfe"\\"#,
                        encryption: "none")
                ])
        ]
        let text = try PrometheusText.render(metrics.families())
        #expect(
            text.contains(
                #"ketnoi_ap_network_info{ap="lab-ap-005",interface="phy1-ap0",band="5","#
                    + #"ssid="CanTho-WiFi-\\xff\\xfe\"\\\\",encryption="none"} 1"#))
    }

    @Test("values: whole numbers without a fraction, NaN and infinities by name")
    func values() {
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(-0.0) == "0")
        #expect(PrometheusText.format(0.5) == "0.5")
        #expect(PrometheusText.format(1_767_225_600) == "1767225600")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(1e20) == "1e+20")
    }

    @Test("empty label values are left out, as Prometheus reads them as missing")
    func emptyLabel() throws {
        let text = try PrometheusText.render([
            MetricFamily("x", .gauge, "x", [MetricSample([("a", ""), ("b", "1")], 1)])
        ])
        #expect(text.hasSuffix("x{b=\"1\"} 1\n"))
    }

    @Test("names outside the ASCII rules, repeated families and repeated series are refused")
    func refusals() {
        #expect(throws: PrometheusTextError(message: "'ketnoi-ap' is not a metric name")) {
            try PrometheusText.render([MetricFamily("ketnoi-ap", .gauge, "", [MetricSample(1)])])
        }
        #expect(
            throws: PrometheusTextError(message: "metric x: '__name' is not a label name")
        ) {
            try PrometheusText.render([
                MetricFamily("x", .gauge, "", [MetricSample([("__name", "v")], 1)])
            ])
        }
        #expect(throws: PrometheusTextError(message: "metric x is given twice")) {
            try PrometheusText.render([
                MetricFamily("x", .gauge, "", [MetricSample(1)]),
                MetricFamily("x", .gauge, "", [MetricSample(2)]),
            ])
        }
        #expect(throws: PrometheusTextError(message: "metric x repeats the series {a=\"1\"}")) {
            try PrometheusText.render([
                MetricFamily(
                    "x", .gauge, "", [MetricSample([("a", "1")], 1), MetricSample([("a", "1")], 2)])
            ])
        }
        #expect(PrometheusText.isMetricName("ketnoi_ap_up"))
        #expect(PrometheusText.isMetricName("job:rate5m"))
        #expect(!PrometheusText.isMetricName("9lives"))
        #expect(!PrometheusText.isLabelName("a:b"))
    }
}
