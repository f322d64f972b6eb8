//! The report as one self-contained HTML file, for looking rather than reading.
//!
//! What it shows: the validation status and the summary figures; a label legend; per-label
//! figures as bars; the label confusion matrix as a heat map; then each document (worst first,
//! documents touched by the change first) with every annotator's spans side by side.
//!
//! How spans are drawn: the text is cut into segments at every span boundary; a segment is one
//! `<mark>` whose stacked inset box-shadows are the underlines of every span covering it, one
//! track per nesting level (tracks assigned like interval-graph colouring), so nested and even
//! crossing spans all stay visible. A small label tag opens each span. A span that some other
//! annotator of the document does not have identically is a disagreement: its text is hatched
//! and its tag outlined in red with `≠`.
//!
//! Self-contained: inline CSS only; no scripts, fonts, images or links to anything. Label colours
//! come from `schemas/labels.yaml` and are used only when they are plain `#rgb`/`#rrggbb` values.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use concord_agreement::figure::{format_figure, format_interval};
use concord_agreement::report::DocumentReport;
use concord_schema::words::plural;
use concord_schema::{DocumentAnnotations, Span, Text};

use crate::Inputs;
use crate::format::{delta, document_f1, worst_first};

mod crowd;
mod gold;

/// Colours for labels that have none in the label set.
const PALETTE: [&str; 10] =
    ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/// Height of one underline track, in pixels.
const TRACK_PX: usize = 3;

/// What the HTML report may vary.
#[derive(Clone, Debug)]
pub struct HtmlOptions {
    /// Documents drawn in full (worst first); the rest are listed by name only.
    pub max_documents: usize,
}

impl Default for HtmlOptions {
    fn default() -> HtmlOptions {
        HtmlOptions { max_documents: 200 }
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `#rrggbb` from a label colour, when it is a plain hex colour.
fn hex6(color: &str) -> Option<String> {
    let hex = color.strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(format!("#{}", hex.chars().flat_map(|c| [c, c]).collect::<String>().to_ascii_lowercase())),
        _ => None,
    }
}

/// Label name to `#rrggbb`: the label set's colours, then the palette.
fn colours(inputs: &Inputs) -> HashMap<String, String> {
    let mut map = HashMap::new();
    if let Some(labels) = &inputs.labels {
        for l in &labels.labels {
            if let Some(c) = l.color.as_deref().and_then(hex6) {
                map.insert(l.name.clone(), c);
            }
        }
    }
    let mut next = 0;
    for name in &inputs.report.labels {
        if !map.contains_key(name) {
            map.insert(name.clone(), PALETTE[next % PALETTE.len()].to_owned());
            next += 1;
        }
    }
    map
}

/// Black or white, whichever reads better on `#rrggbb` (WCAG relative luminance).
fn ink_on(colour: &str) -> &'static str {
    let channel = |i: usize| {
        let v = colour.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).map_or(0.5, |v| f64::from(v) / 255.0);
        if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    if luminance > 0.36 { "#1d1d1f" } else { "#ffffff" }
}

fn colour_of<'a>(colours: &'a HashMap<String, String>, label: &str) -> &'a str {
    colours.get(label).map_or("#888888", String::as_str)
}

const STYLE: &str = r#"
:root { --fg: #1d1d1f; --muted: #6b6b70; --line: #d9d9de; --bg: #ffffff; --soft: #f5f5f7; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0; }
.muted { color: var(--muted); }
.status { display: inline-block; padding: 4px 10px; border-radius: 6px; font-weight: 600; margin: 8px 0; }
.status.ok { background: #e3f5e8; color: #1b6b34; }
.status.bad { background: #fde8e8; color: #9b1c1c; }
table { border-collapse: collapse; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
.na { color: var(--muted); font-size: 12px; white-space: normal; }
.delta { color: var(--muted); font-size: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 6px 0; }
.chip { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; }
.swatch { width: 14px; height: 14px; border-radius: 3px; display: inline-block; }
.two { display: flex; flex-wrap: wrap; gap: 32px; align-items: flex-start; }
.bars td { vertical-align: middle; }
.bar { width: 220px; height: 12px; background: var(--soft); border-radius: 3px; overflow: hidden; }
.bar > span { display: block; height: 100%; }
.heat td { text-align: center; min-width: 38px; font-variant-numeric: tabular-nums; border: 1px solid #fff; }
.heat td.diag { outline: 2px solid #1d1d1f; outline-offset: -2px; }
.heat th.col { writing-mode: vertical-rl; transform: rotate(180deg); text-align: left; vertical-align: bottom; height: 120px; }
.doc { margin: 18px 0 26px; padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px; }
.doc header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 16px; margin-bottom: 10px; }
.badge { background: #fff3cd; color: #7a5a00; border-radius: 4px; padding: 1px 6px; font-size: 12px; font-weight: 600; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; }
.col { min-width: 0; }
.col h4 { margin: 0 0 6px; font-size: 13px; color: var(--muted); font-weight: 600; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.35; font-size: 14px; padding: 8px 10px; background: #fcfcfd; border: 1px solid #eeeef1; border-radius: 6px; }
.text mark { color: inherit; border-radius: 2px; }
.text mark.dis { background-image: repeating-linear-gradient(135deg, rgba(200,0,0,.16) 0 3px, transparent 3px 7px); }
.tag { font-size: 9px; font-weight: 700; letter-spacing: .02em; border-radius: 3px; padding: 0 3px; margin: 0 1px; vertical-align: 0.55em; line-height: 1; }
.tag.dis { outline: 1.5px solid #c00000; outline-offset: 0; }
.empty { color: var(--muted); font-style: italic; }
.more { columns: 3 240px; font-size: 13px; }
"#;

struct Page<'a> {
    inputs: &'a Inputs,
    colours: HashMap<String, String>,
    out: String,
}

fn fig_html(value: Option<f64>, reason: Option<&str>) -> String {
    match value {
        Some(_) => escape(&format_figure(value, reason)),
        None => format!("<span class=\"na\">{}</span>", escape(&format_figure(value, reason))),
    }
}

fn delta_html(now: Option<f64>, then: Option<Option<f64>>) -> String {
    let d = delta(now, then);
    if d.is_empty() { d } else { format!("<span class=\"delta\">{}</span>", escape(&d)) }
}

/// The report as one HTML file.
pub fn render(inputs: &Inputs, options: &HtmlOptions) -> String {
    let mut page = Page { inputs, colours: colours(inputs), out: String::with_capacity(1 << 16) };
    page.head();
    page.summary();
    if let Some(c) = &inputs.report.crowd {
        crowd::section(&mut page.out, c, inputs.report.annotators.len());
    }
    if let Some(g) = &inputs.report.against_gold {
        gold::table(&mut page.out, g);
    }
    page.labels();
    page.documents(options);
    page.out.push_str("</body>\n</html>\n");
    page.out
}

impl Page<'_> {
    fn head(&mut self) {
        let r = &self.inputs.report;
        let v = &self.inputs.validation;
        let _ = write!(
            self.out,
            "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>concord agreement report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>Annotation report</h1>\n<div class=\"muted\">{} · {} ({} compared, {} by every annotator){}</div>\n",
            plural(r.annotators.len(), "annotator"),
            plural(r.documents_total, "document"),
            r.overall.documents_compared,
            r.overall.documents_complete,
            r.options.gamma_samples_note().map(|n| format!(" · {}", escape(&n))).unwrap_or_default()
        );
        let (class, text) = if v.errors == 0 {
            ("ok", format!("✓ Validation: no errors, {}", plural(v.warnings, "warning")))
        } else {
            ("bad", format!("✗ Validation: {}, {}", plural(v.errors, "error"), plural(v.warnings, "warning")))
        };
        let _ = writeln!(
            self.out,
            "<div class=\"status {class}\">{} in {}</div>",
            escape(&text),
            plural(v.files, "annotation file")
        );
        if let Some(b) = &self.inputs.base {
            let _ = writeln!(
                self.out,
                "<div class=\"muted\">Changes in grey are since the base <code>{}</code>; this change touches {}.</div>",
                escape(&b.name),
                plural(b.touched.len(), "document")
            );
        }
    }

    fn summary(&mut self) {
        let r = &self.inputs.report;
        let o = &r.overall;
        let bo = self.inputs.base.as_ref().map(|b| &b.report.overall);
        self.out.push_str(
            "<h2>Summary</h2>\n<table>\n<tr><th></th><th>strict F1</th><th>Cohen's κ</th><th>Krippendorff's α</th><th>uα</th><th>γ</th></tr>\n",
        );
        let _ = writeln!(
            self.out,
            "<tr><td><b>all pairs</b></td><td>{}{}</td><td>Fleiss {}{}</td><td>{}{}{}</td><td>{}{}{}</td><td>{}{}</td></tr>",
            fig_html(o.pooled.strict.f1, o.pooled.strict.f1_undefined.as_deref()),
            delta_html(o.pooled.strict.f1, bo.map(|b| b.pooled.strict.f1)),
            fig_html(o.fleiss_kappa, o.fleiss_kappa_undefined.as_deref()),
            delta_html(o.fleiss_kappa, bo.map(|b| b.fleiss_kappa)),
            fig_html(o.krippendorff_alpha, o.krippendorff_alpha_undefined.as_deref()),
            escape(&format_interval(o.krippendorff_alpha_ci.as_ref())),
            delta_html(o.krippendorff_alpha, bo.map(|b| b.krippendorff_alpha)),
            fig_html(o.unitizing_alpha, o.unitizing_alpha_undefined.as_deref()),
            escape(&format_interval(o.unitizing_alpha_ci.as_ref())),
            delta_html(o.unitizing_alpha, bo.map(|b| b.unitizing_alpha)),
            fig_html(o.gamma, o.gamma_undefined.as_deref()),
            delta_html(o.gamma, bo.map(|b| b.gamma)),
        );
        let _ = writeln!(
            self.out,
            "<tr><td><b>mean over pairs</b> ({})</td><td>{}{}</td><td>·</td><td>·</td><td>·</td><td>·</td></tr>",
            o.mean_pair_strict_f1_pairs,
            fig_html(o.mean_pair_strict_f1, o.mean_pair_strict_f1_undefined.as_deref()),
            delta_html(o.mean_pair_strict_f1, bo.map(|b| b.mean_pair_strict_f1)),
        );
        for p in &r.pairs {
            let bp = self.inputs.base.as_ref().map(|b| b.report.pairs.iter().find(|q| q.a == p.a && q.b == p.b));
            let _ = writeln!(
                self.out,
                "<tr><td>{} × {}</td><td>{}{}{}</td><td>{}{}</td><td>·</td><td>{}{}</td><td>·</td></tr>",
                escape(&p.a),
                escape(&p.b),
                fig_html(p.strict.f1, p.strict.f1_undefined.as_deref()),
                escape(&format_interval(p.strict_f1_ci.as_ref())),
                delta_html(p.strict.f1, bp.map(|b| b.and_then(|b| b.strict.f1))),
                fig_html(p.cohen_kappa, p.cohen_kappa_undefined.as_deref()),
                delta_html(p.cohen_kappa, bp.map(|b| b.and_then(|b| b.cohen_kappa))),
                fig_html(p.unitizing_alpha, p.unitizing_alpha_undefined.as_deref()),
                delta_html(p.unitizing_alpha, bp.map(|b| b.and_then(|b| b.unitizing_alpha))),
            );
        }
        self.out.push_str("</table>\n");
        if o.gamma_documents_too_complex > 0 {
            let _ = writeln!(
                self.out,
                "<div class=\"muted\">γ pools {}; {} too complex to compute left out (<code>--gamma-max-steps</code> \
                 raises the budget; <code>--no-gamma</code> or <code>--measures</code> skips γ).</div>",
                plural(o.gamma_documents, "document"),
                plural(o.gamma_documents_too_complex, "document"),
            );
        }
    }

    fn labels(&mut self) {
        let r = &self.inputs.report;
        self.out.push_str("<h2>Labels</h2>\n<div class=\"legend\">");
        for l in &r.labels {
            let _ = write!(
                self.out,
                "<span class=\"chip\"><span class=\"swatch\" style=\"background:{}\"></span>{}</span>",
                colour_of(&self.colours, l),
                escape(l)
            );
        }
        self.out.push_str("</div>\n<div class=\"two\">\n<div>\n<table class=\"bars\">\n<tr><th>label</th><th>strict F1 (all pairs)</th><th></th><th>uα</th><th></th></tr>\n");
        for l in &r.per_label {
            let colour = colour_of(&self.colours, &l.label).to_owned();
            let bar = |v: Option<f64>| {
                let w = v.map_or(0.0, |v| (v.clamp(0.0, 1.0) * 100.0).round());
                format!("<div class=\"bar\"><span style=\"width:{w}%;background:{colour}\"></span></div>")
            };
            let _ = writeln!(
                self.out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&l.label),
                bar(l.pooled.strict.f1),
                fig_html(l.pooled.strict.f1, l.pooled.strict.f1_undefined.as_deref()),
                bar(l.unitizing_alpha),
                fig_html(l.unitizing_alpha, l.unitizing_alpha_undefined.as_deref()),
            );
        }
        self.out.push_str("</table>\n</div>\n");
        self.confusion();
        self.out.push_str("</div>\n");
    }

    fn confusion(&mut self) {
        let c = &self.inputs.report.overall.confusion;
        if c.labels.is_empty() {
            return;
        }
        let max = c.counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
        self.out.push_str(
            "<div>\n<div class=\"muted\">Label confusion, all pairs (rows: first annotator of each pair, columns: second)</div>\n<table class=\"heat\">\n<tr><th></th>",
        );
        for l in &c.labels {
            let _ = write!(self.out, "<th class=\"col\">{}</th>", escape(l));
        }
        self.out.push_str("</tr>\n");
        for (i, (label, row)) in c.labels.iter().zip(&c.counts).enumerate() {
            let _ = write!(self.out, "<tr><th>{}</th>", escape(label));
            for (j, &n) in row.iter().enumerate() {
                let a = n as f64 / max;
                let fg = if a > 0.55 { "#fff" } else { "#1d1d1f" };
                let diag = if i == j && label != concord_agreement::confusion::NONE { " class=\"diag\"" } else { "" };
                let text = if n == 0 { String::new() } else { n.to_string() };
                let _ = write!(
                    self.out,
                    "<td{diag} style=\"background:rgba(29,78,137,{a:.3});color:{fg}\" title=\"{} → {}: {n}\">{text}</td>",
                    escape(label),
                    escape(&c.labels[j])
                );
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</table>\n</div>\n");
    }

    fn documents(&mut self, options: &HtmlOptions) {
        let r = &self.inputs.report;
        let touched: HashSet<&str> =
            self.inputs.base.as_ref().map(|b| b.touched.iter().map(String::as_str).collect()).unwrap_or_default();
        let mut docs = worst_first(&r.documents);
        docs.sort_by_key(|d| !touched.contains(d.id.as_str()));
        let _ = writeln!(
            self.out,
            "<h2>Documents</h2>\n<div class=\"muted\">{}{}, worst first. Hatched text with a red-outlined tag (≠): \
             a span that another annotator of the document does not have exactly. Underlines stack for nested spans.</div>",
            plural(docs.len(), "document"),
            if touched.is_empty() {
                String::new()
            } else {
                format!(", the {} this change touched first", touched.len())
            }
        );
        for d in docs.iter().take(options.max_documents) {
            self.document(d, touched.contains(d.id.as_str()));
        }
        if docs.len() > options.max_documents {
            let _ = write!(
                self.out,
                "<p>{} more not drawn (<code>--max-documents</code>):</p>\n<div class=\"more\">",
                docs.len() - options.max_documents
            );
            for d in &docs[options.max_documents..] {
                let _ = write!(
                    self.out,
                    "<div>{} — F1 {}</div>",
                    escape(&d.id),
                    escape(&format_figure(document_f1(d), Some("none")))
                );
            }
            self.out.push_str("</div>\n");
        }
    }

    fn document(&mut self, d: &DocumentReport, touched: bool) {
        let Some(doc) = self.inputs.set.document(&d.id) else { return };
        let _ = write!(
            self.out,
            "<section class=\"doc\" id=\"{}\">\n<header><h3>{}</h3>{}<span class=\"muted\">strict F1 {} · α {} · uα {} · γ {}</span></header>\n<div class=\"cols\">\n",
            escape(&d.id),
            escape(&d.id),
            if touched { "<span class=\"badge\">changed</span>" } else { "" },
            fig_html(document_f1(d), Some("no pair")),
            fig_html(d.krippendorff_alpha, d.krippendorff_alpha_undefined.as_deref()),
            fig_html(d.unitizing_alpha, d.unitizing_alpha_undefined.as_deref()),
            fig_html(d.gamma, d.gamma_undefined.as_deref()),
        );
        let held = holders(doc);
        for (annotator, spans) in &doc.by_annotator {
            let disagree = disagreements(&held, doc.by_annotator.len(), spans);
            let count = disagree.iter().filter(|&&x| x).count();
            let _ = write!(
                self.out,
                "<div class=\"col\"><h4>{} · {} · {} ≠</h4><div class=\"text\">",
                escape(annotator),
                plural(spans.len(), "span"),
                count
            );
            draw_text(&mut self.out, &doc.text, spans, &disagree, &self.colours);
            self.out.push_str("</div></div>\n");
        }
        if let Some(spans) = self.inputs.set.gold.get(&d.id) {
            gold::column(&mut self.out, doc, spans, &self.colours);
        }
        self.out.push_str("</div>\n</section>\n");
    }
}

/// How many of a document's annotators have each span exactly (same start, end and label:
/// [`Span::key`]; a note is not a disagreement), counting an annotator once per key.
fn holders(doc: &DocumentAnnotations) -> HashMap<(usize, usize, &str), usize> {
    let mut held: HashMap<(usize, usize, &str), usize> = HashMap::new();
    for spans in doc.by_annotator.values() {
        let keys: HashSet<(usize, usize, &str)> = spans.iter().map(Span::key).collect();
        for key in keys {
            *held.entry(key).or_default() += 1;
        }
    }
    held
}

/// For each of an annotator's spans: whether another of the document's `annotators` lacks it
/// exactly. Linear in the document's spans, so a document with hundreds of raters draws fast.
fn disagreements(held: &HashMap<(usize, usize, &str), usize>, annotators: usize, spans: &[Span]) -> Vec<bool> {
    spans.iter().map(|s| held.get(&s.key()).copied().unwrap_or(0) < annotators).collect()
}

/// Underline tracks: each span gets the lowest track free over its whole extent, longer spans
/// first at the same start, so a span nested in another sits on a track above it.
fn tracks(spans: &[Span]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|&a, &b| {
        (spans[a].start, std::cmp::Reverse(spans[a].end)).cmp(&(spans[b].start, std::cmp::Reverse(spans[b].end)))
    });
    let mut track = vec![0; spans.len()];
    let mut active: Vec<usize> = Vec::new();
    // Outer spans get low tracks, so the outermost underline is the lowest line.
    for &i in &order {
        active.retain(|&j| spans[j].end > spans[i].start);
        let used: HashSet<usize> = active.iter().map(|&j| track[j]).collect();
        track[i] = (0..).find(|t| !used.contains(t)).unwrap_or(0);
        active.push(i);
    }
    track
}

/// Draws `text` with `spans` as segments of stacked underlines.
fn draw_text(out: &mut String, text: &Text, spans: &[Span], disagree: &[bool], colours: &HashMap<String, String>) {
    let n = text.len_chars();
    let track = tracks(spans);
    let max_track = track.iter().copied().max().map_or(0, |t| t + 1);
    let mut cuts: Vec<usize> = spans.iter().flat_map(|s| [s.start.min(n), s.end.min(n)]).collect();
    cuts.extend([0, n]);
    cuts.sort_unstable();
    cuts.dedup();
    // Spans by start, longest first, for the tags.
    let mut starts: Vec<usize> = (0..spans.len()).collect();
    starts.sort_by_key(|&i| (spans[i].start, std::cmp::Reverse(spans[i].end)));
    let mut next_start = 0;
    let mut active: Vec<usize> = Vec::new();
    for w in cuts.windows(2) {
        let (p, q) = (w[0], w[1]);
        active.retain(|&i| spans[i].end > p);
        while next_start < starts.len() && spans[starts[next_start]].start <= p {
            let i = starts[next_start];
            next_start += 1;
            let s = &spans[i];
            let colour = colour_of(colours, &s.label);
            let dis = if disagree.get(i).copied().unwrap_or(false) { " dis" } else { "" };
            let mark = if dis.is_empty() { "" } else { "≠" };
            let _ = write!(
                out,
                "<span class=\"tag{dis}\" style=\"background:{colour};color:{}\" title=\"{} [{}, {})\">{mark}{}</span>",
                ink_on(colour),
                escape(&s.label),
                s.start,
                s.end,
                escape(&s.label)
            );
            if s.end > s.start {
                active.push(i);
            }
        }
        let segment = escape(text.slice(p, q).unwrap_or(""));
        if active.is_empty() {
            out.push_str(&segment);
            continue;
        }
        let mut by_track: Vec<Option<usize>> = vec![None; max_track];
        for &i in &active {
            by_track[track[i]] = Some(i);
        }
        let top = by_track.iter().rposition(Option::is_some).unwrap_or(0);
        // Track 0 (the outermost span) is the bottom band; every mark has the same padding, so
        // one span's underline is one straight line across its segments.
        let shadows: Vec<String> = by_track[..=top]
            .iter()
            .enumerate()
            .map(|(t, i)| {
                let c = i.map_or("#fcfcfd", |i| colour_of(colours, &spans[i].label));
                format!("inset 0 -{}px 0 {c}", (t + 1) * TRACK_PX)
            })
            .collect();
        // The innermost span tints the background.
        let inner =
            active.iter().copied().min_by_key(|&i| (spans[i].end - spans[i].start, std::cmp::Reverse(track[i])));
        let tint = inner.map_or("#ffffff", |i| colour_of(colours, &spans[i].label));
        let dis = active.iter().any(|&i| disagree.get(i).copied().unwrap_or(false));
        let labels: Vec<&str> = active.iter().map(|&i| spans[i].label.as_str()).collect();
        let _ = write!(
            out,
            "<mark{} style=\"background-color:{tint}2e;box-shadow:{};padding-bottom:{}px\" title=\"{}\">{segment}</mark>",
            if dis { " class=\"dis\"" } else { "" },
            shadows.join(","),
            max_track * TRACK_PX,
            escape(&labels.join(" · "))
        );
    }
    if spans.is_empty() {
        out.push_str("<div class=\"empty\">(annotated, no spans)</div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_not_a_disagreement_but_a_label_is() {
        let noted = Span { note: Some("why".to_owned()), ..Span::new(0, 2, "ORG") };
        let doc = DocumentAnnotations {
            id: "d".to_owned(),
            text: Text::new("AP Photo".to_owned()),
            by_annotator: [
                ("a".to_owned(), vec![noted.clone(), Span::new(3, 8, "X")]),
                ("b".to_owned(), vec![Span::new(0, 2, "ORG"), Span::new(3, 8, "Y")]),
            ]
            .into_iter()
            .collect(),
        };
        let held = holders(&doc);
        assert_eq!(disagreements(&held, 2, &doc.by_annotator["a"]), [false, true]);
        assert_eq!(disagreements(&held, 2, &doc.by_annotator["b"]), [false, true]);
    }

    #[test]
    fn nested_spans_take_higher_tracks() {
        let spans = [Span::new(0, 20, "A"), Span::new(5, 10, "B"), Span::new(6, 8, "C"), Span::new(12, 15, "D")];
        assert_eq!(tracks(&spans), [0, 1, 2, 1]);
    }

    #[test]
    fn colours_must_be_plain_hex() {
        assert_eq!(hex6("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(hex6("#e63946").as_deref(), Some("#e63946"));
        assert_eq!(hex6("red;background:url(x)"), None);
    }

    #[test]
    fn nested_marks_draw_every_underline() {
        let text = Text::new("the Iraq war began".to_owned());
        let spans = [Span::new(4, 12, "EVENT"), Span::new(4, 8, "GPE")];
        let mut out = String::new();
        let colours: HashMap<String, String> =
            [("EVENT".into(), "#9b5de5".into()), ("GPE".into(), "#8ecae6".into())].into_iter().collect();
        draw_text(&mut out, &text, &spans, &[false, true], &colours);
        // "Iraq" carries both underlines (EVENT at the bottom, GPE above it), " war" only EVENT's.
        assert!(out.contains("box-shadow:inset 0 -3px 0 #9b5de5,inset 0 -6px 0 #8ecae6;padding-bottom:6px"), "{out}");
        assert!(out.contains("title=\"EVENT\"> war</mark>"), "{out}");
        assert!(out.contains("tag dis"), "{out}");
    }
}
