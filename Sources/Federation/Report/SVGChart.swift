import Foundation

/// Minimal SVG line and bar charts for run reports: self-contained, no scripts, no external files.
package struct SVGChart {
    package struct Series {
        package var name: String
        package var color: String
        package var points: [(x: Double, y: Double)]
        package init(name: String, color: String, points: [(x: Double, y: Double)]) {
            self.name = name
            self.color = color
            self.points = points
        }
    }

    package var title: String
    package var xLabel: String
    package var yLabel: String
    package var width = 640.0
    package var height = 320.0
    /// Ticks on the x axis only at whole numbers (rounds), never 3.25.
    package var integerX = false
    /// Names for the x positions 0, 1, …, shown instead of numbers (a bar chart by category).
    package var categories: [String]?
    let margin = (left: 70.0, right: 20.0, top: 56.0, bottom: 48.0)

    package init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// A line chart of `series` (points are joined in order; each point also gets a marker).
    package func lines(_ series: [Series]) -> String {
        let all = series.flatMap(\.points)
        let (sx, sy) = scales(all)
        var body = ""
        for s in series where !s.points.isEmpty {
            let path = s.points.map { "\(fmt(sx($0.x))),\(fmt(sy($0.y)))" }.joined(separator: " ")
            body +=
                """
                <polyline class=\"series\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\" \
                points=\"\(path)\"/>\n
                """
            for p in s.points {
                body += "<circle cx=\"\(fmt(sx(p.x)))\" cy=\"\(fmt(sy(p.y)))\" r=\"2.5\" fill=\"\(s.color)\"/>\n"
            }
        }
        return frame(body: body, all: all, legend: series.map { ($0.name, $0.color) })
    }

    /// Side-by-side bars per x value, one per series. The x values are taken as evenly spaced
    /// positions (rounds, categories): the axis reaches half a slot beyond the first and last, so every
    /// bar stays inside it.
    package func bars(_ series: [Series]) -> String {
        let xs = Set(series.flatMap { $0.points.map(\.x) }).sorted()
        let all = series.flatMap(\.points) + [(x: (xs.first ?? 0) - 0.5, y: 0), (x: (xs.last ?? 0) + 0.5, y: 0)]
        let (sx, sy) = scales(all)
        let slot = (width - margin.left - margin.right) / Double(max(xs.count, 1))
        let barWidth = max(1, slot * 0.8 / Double(max(series.count, 1)))
        var body = ""
        for (i, s) in series.enumerated() {
            for p in s.points {
                let x = sx(p.x) - slot * 0.4 + Double(i) * barWidth
                let y = sy(p.y)
                body +=
                    """
                    <rect class=\"bar\" x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" \
                    height=\"\(fmt(sy(0) - y))\" fill=\"\(s.color)\"><title>\(s.name) \(fmt(p.x)): \
                    \(fmt(p.y))</title></rect>\n
                    """
            }
        }
        return frame(body: body, all: all, legend: series.map { ($0.name, $0.color) })
    }

    /// Horizontal segments: one row per label, each segment `(row, start, end, color, tooltip)`.
    /// Horizontal segments in rows (a Gantt chart), with optional vertical `markers` (dashed, labelled).
    package func timeline(
        rows: [String], segments: [(row: Int, start: Double, end: Double, color: String, tip: String)],
        markers: [(x: Double, label: String, color: String)] = [], legend: [(String, String)]
    ) -> String {
        var all: [(x: Double, y: Double)] = [(x: 0, y: 0)]
        for s in segments {
            all.append((x: s.start, y: Double(s.row)))
            all.append((x: s.end, y: Double(s.row) + 1))
        }
        var chart = self
        chart.height = max(height, margin.top + margin.bottom + Double(rows.count) * 14)
        let (sx, _) = chart.scales(all)
        let rowHeight = (chart.height - margin.top - margin.bottom) / Double(max(rows.count, 1))
        var body = ""
        for (i, label) in rows.enumerated() {
            body +=
                """
                <text x=\"\(fmt(margin.left - 6))\" y=\"\(fmt(margin.top + (Double(i) + 0.75) * rowHeight))\" \
                text-anchor=\"end\" font-size=\"10\">\(escape(label))</text>\n
                """
        }
        for s in segments {
            let y = margin.top + Double(s.row) * rowHeight + 1
            body +=
                """
                <rect class=\"segment\" x=\"\(fmt(sx(s.start)))\" y=\"\(fmt(y))\" \
                width=\"\(fmt(max(1, sx(s.end) - sx(s.start))))\" height=\"\(fmt(max(1, rowHeight - 2)))\" \
                fill=\"\(s.color)\"><title>\(escape(s.tip))</title></rect>\n
                """
        }
        // Markers at the same x stack their labels downwards so they stay readable.
        var seen: [Double: Int] = [:]
        for m in markers {
            let x = sx(m.x), stacked = seen[m.x, default: 0]
            seen[m.x] = stacked + 1
            body +=
                """
                <line class=\"marker\" x1=\"\(fmt(x))\" y1=\"\(fmt(margin.top))\" x2=\"\(fmt(x))\" \
                y2=\"\(fmt(chart.height - margin.bottom))\" stroke=\"\(m.color)\" stroke-width=\"2\" \
                stroke-dasharray=\"4 3\"><title>\(escape(m.label))</title></line>\n
                """
            body +=
                """
                <text class=\"marker\" x=\"\(fmt(x + 3))\" y=\"\(fmt(margin.top + 10 + Double(stacked) * 11))\" \
                font-size=\"10\" font-weight=\"bold\" fill=\"\(m.color)\" stroke=\"white\" stroke-width=\"3\" \
                paint-order=\"stroke\">\(escape(m.label))</text>\n
                """
        }
        return chart.frame(body: body, all: all, legend: legend, yTicks: false)
    }

    func scales(_ points: [(x: Double, y: Double)]) -> ((Double) -> Double, (Double) -> Double) {
        let xs = points.map(\.x), ys = points.map(\.y)
        let (x0, x1) = (xs.min() ?? 0, max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9))
        let (y0, y1) = (min(ys.min() ?? 0, 0), max(ys.max() ?? 1, 1e-9))
        let w = width - margin.left - margin.right, h = height - margin.top - margin.bottom
        return ({ self.margin.left + ($0 - x0) / (x1 - x0) * w }, { self.margin.top + h - ($0 - y0) / (y1 - y0) * h })
    }

    func frame(body: String, all: [(x: Double, y: Double)], legend: [(String, String)], yTicks: Bool = true) -> String {
        let (sx, sy) = scales(all)
        let xs = all.map(\.x), ys = all.map(\.y)
        let (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1), (y0, y1) = (min(ys.min() ?? 0, 0), ys.max() ?? 1)
        var axes =
            "<text x=\"\(fmt(margin.left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>\n"
        axes +=
            """
            <line x1=\"\(fmt(margin.left))\" y1=\"\(fmt(height - margin.bottom))\" \
            x2=\"\(fmt(width - margin.right))\" y2=\"\(fmt(height - margin.bottom))\" stroke=\"#444\"/>\n
            """
        axes +=
            """
            <line x1=\"\(fmt(margin.left))\" y1=\"\(fmt(margin.top))\" x2=\"\(fmt(margin.left))\" \
            y2=\"\(fmt(height - margin.bottom))\" stroke=\"#444\"/>\n
            """
        for (xv, label) in xTicks(from: x0, to: x1) {
            axes +=
                """
                <text x=\"\(fmt(sx(xv)))\" y=\"\(fmt(height - margin.bottom + 14))\" text-anchor=\"middle\" \
                font-size=\"10\">\(escape(label))</text>\n
                """
        }
        for i in 0...4 {
            if yTicks {
                let yv = y0 + (y1 - y0) * Double(i) / 4
                axes +=
                    """
                    <text x=\"\(fmt(margin.left - 6))\" y=\"\(fmt(sy(yv) + 3))\" text-anchor=\"end\" \
                    font-size=\"10\">\(tick(yv))</text>\n
                    """
            }
        }
        axes +=
            """
            <text x=\"\(fmt(width / 2))\" y=\"\(fmt(height - 10))\" text-anchor=\"middle\" \
            font-size=\"11\">\(escape(xLabel))</text>\n
            """
        axes +=
            """
            <text x=\"14\" y=\"\(fmt(height / 2))\" text-anchor=\"middle\" font-size=\"11\" transform=\"rotate(-90 14 \
            \(fmt(height / 2)))\">\(escape(yLabel))</text>\n
            """
        var keys = ""
        // Each key as wide as its name (about 6.5 px a character at 11 px), so every key fits the width.
        var x = margin.left
        for (name, color) in legend {
            defer { x += 30 + 6.5 * Double(name.count) }
            keys +=
                """
                <rect class=\"key\" x=\"\(fmt(x))\" y=\"\(fmt(margin.top - 24))\" width=\"10\" height=\"10\" \
                fill=\"\(color)\"/><text x=\"\(fmt(x + 14))\" y=\"\(fmt(margin.top - 15))\" \
                font-size=\"11\">\(escape(name))</text>\n
                """
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(height))" width="\(fmt(width))" height="\(fmt(height))" role="img" aria-label="\(escape(title))">
            <title>\(escape(title))</title>
            \(axes)\(keys)\(body)</svg>
            """
    }

    /// Where the x axis has ticks, and what they say: the categories' names, whole numbers for
    /// integer axes (at most about eight of them), else five evenly spaced values.
    func xTicks(from x0: Double, to x1: Double) -> [(Double, String)] {
        if let categories {
            return categories.enumerated().map { (Double($0.offset), $0.element) }
        }
        if integerX {
            let first = x0.rounded(.up), last = x1.rounded(.down)
            guard first <= last else { return [] }
            let step = max(1, ((last - first) / 8).rounded(.up))
            return stride(from: first, through: last, by: step).map { ($0, String(Int($0))) }
        }
        return (0...4).map { i in
            let v = x0 + (x1 - x0) * Double(i) / 4
            return (v, tick(v))
        }
    }

    func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
    func tick(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return String(format: "%.1fG", v / 1e9) }
        if a >= 1e6 { return String(format: "%.1fM", v / 1e6) }
        if a >= 1e3 { return String(format: "%.1fk", v / 1e3) }
        return a < 10 && v != v.rounded() ? String(format: "%.2f", v) : String(format: "%.0f", v)
    }
}

/// Escapes text for HTML and SVG.
func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
