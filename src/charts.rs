//! Charts: a chart is plain data ([`Spec`]: bars, a grid of cells, or a pyramid), drawn
//! with plotters on a canvas at the screen's pixel density, with the same data as a
//! table one click away, hover values, PNG export, and a click on a bar or cell that
//! drills down to the customers behind it.
//!
//! Drawing computes hit boxes from the same layout it draws, so hover and click always
//! agree with what is on screen.

use crate::i18n::{K, use_i18n};
use crate::route::navigate_href;
use leptos::html;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;

/// One bar, cell or tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub label: String,
    pub value: f64,
    /// Drawn on or beside the mark.
    pub text: String,
    /// Shown on hover.
    pub tip: String,
    /// Where a click goes (the customer list filtered to this slice).
    pub href: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Horizontal bars, one per mark, longest = largest value.
    Bars(Vec<Mark>),
    /// Horizontal bars of shares of a target (a quota attained): the scale reaches at
    /// least 1.0, where a line marks the target.
    Progress(Vec<Mark>),
    /// Vertical columns (time series, histograms), labels under them.
    Columns(Vec<Mark>),
    /// A grid, row by row; colour intensity follows `value` (0–1 expected, NaN = empty).
    Grid {
        rows: Vec<String>,
        cols: Vec<String>,
        cells: Vec<Mark>,
    },
    /// Stacked trapezoids from the top tier down, width growing with the rank.
    Pyramid(Vec<Mark>),
    /// Points on a unit square split into four quadrants at 0.5 (the Kano better–worse
    /// chart): `at[i]` = (x, y, group) of `marks[i]`, both in 0–1; groups are coloured
    /// and named in a legend; `corners` name the quadrants (top left, top right, bottom
    /// right, bottom left).
    Scatter {
        x_axis: String,
        y_axis: String,
        marks: Vec<Mark>,
        at: Vec<(f64, f64, usize)>,
        groups: Vec<String>,
        corners: [String; 4],
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub shape: Shape,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Shape {
    fn marks(&self) -> &[Mark] {
        match self {
            Shape::Bars(m) | Shape::Progress(m) | Shape::Columns(m) | Shape::Pyramid(m) => m,
            Shape::Grid { cells, .. } => cells,
            Shape::Scatter { marks, .. } => marks,
        }
    }
}

struct Hit {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    tip: String,
    href: Option<String>,
}

const INK: RGBColor = RGBColor(0x1d, 0x24, 0x33);
const MUTED: RGBColor = RGBColor(0x5d, 0x67, 0x78);
const BAR: RGBColor = RGBColor(0x25, 0x63, 0xa8);
/// Bars below zero (a shortfall).
const SHORT: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
const RULE: RGBColor = RGBColor(0xd5, 0xd9, 0xe0);
/// Scatter groups, told apart by hue and lightness (Kano: must-be, one-dimensional,
/// attractive, indifferent, reverse, questionable).
const GROUPS: [RGBColor; 6] = [
    RGBColor(0xc0, 0x39, 0x2b),
    RGBColor(0x25, 0x63, 0xa8),
    RGBColor(0x1e, 0x8e, 0x5a),
    RGBColor(0x8a, 0x93, 0xa3),
    RGBColor(0x7d, 0x3c, 0x98),
    RGBColor(0xd4, 0x8a, 0x1c),
];
const FONT: &str = "sans-serif";
/// Tier colours, VIP to inactive.
const TIERS: [RGBColor; 5] = [
    RGBColor(0xa9, 0x2d, 0x24),
    RGBColor(0xd0, 0x5a, 0x3c),
    RGBColor(0xe0, 0x9a, 0x4a),
    RGBColor(0xe9, 0xc9, 0x7d),
    RGBColor(0xc9, 0xce, 0xd6),
];

/// White to the brand's blue.
fn shade(v: f64) -> RGBColor {
    if v.is_nan() {
        return RGBColor(0xf3, 0xf4, 0xf6);
    }
    let t = v.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(mix(0xee, 0x1f), mix(0xf4, 0x4e), mix(0xfb, 0x8c))
}

fn text_on(v: f64) -> &'static RGBColor {
    if !v.is_nan() && v > 0.55 {
        &WHITE
    } else {
        &INK
    }
}

/// About how wide `t` is at 12 px: wide (CJK) characters take about twice the width of
/// Latin ones.
fn text_w(t: &str) -> f64 {
    t.chars()
        .map(|c| if c.is_ascii() { 7.0 } else { 12.5 })
        .sum::<f64>()
}

/// `t` shortened with "…" to about `room` pixels (the full text is in the tip and the
/// table).
fn clip(t: &str, room: f64) -> String {
    if text_w(t) <= room {
        return t.to_string();
    }
    let mut out = String::new();
    let mut used = text_w("…");
    for c in t.chars() {
        used += text_w(c.encode_utf8(&mut [0; 4]));
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Where a shape draws: the canvas at its pixel ratio; texts wait in `texts` to be drawn
/// last, over every shape; `hits` are the boxes hover and clicks find marks by (CSS
/// pixels).
struct Pen {
    area: DrawingArea<CanvasBackend, plotters::coord::Shift>,
    dpr: f64,
    texts: Vec<(String, f64, f64, TextStyle<'static>, Pos)>,
    hits: Vec<Hit>,
}

/// Text anchored at its left, right or centre, centred vertically.
const fn anchor(h_pos: HPos) -> Pos {
    Pos {
        h_pos,
        v_pos: VPos::Center,
    }
}
const LEFT: Pos = anchor(HPos::Left);
const RIGHT: Pos = anchor(HPos::Right);
const CENTRE: Pos = anchor(HPos::Center);

impl Pen {
    fn px(&self, v: f64) -> i32 {
        (v * self.dpr).round() as i32
    }

    fn rect(&self, x0: f64, y0: f64, x1: f64, y1: f64, c: RGBColor) {
        let corners = [(self.px(x0), self.px(y0)), (self.px(x1), self.px(y1))];
        let _ = self.area.draw(&Rectangle::new(corners, c.filled()));
    }

    /// A text centred vertically on `y`, anchored at `x` by `pos`.
    fn text(
        &mut self,
        t: impl Into<String>,
        x: f64,
        y: f64,
        size: f64,
        c: &'static RGBColor,
        pos: Pos,
    ) {
        let style = TextStyle::from((FONT, size * self.dpr).into_font()).color(c);
        self.texts.push((t.into(), x, y, style, pos));
    }

    fn hit(&mut self, (x0, y0, x1, y1): (f64, f64, f64, f64), m: &Mark) {
        self.hits.push(Hit {
            x0,
            y0,
            x1,
            y1,
            tip: m.tip.clone(),
            href: m.href.clone(),
        });
    }
}

/// Draws `spec` on `canvas` (sized `w`×`h` CSS pixels) and returns the hit boxes in
/// CSS pixels.
fn draw(canvas: &web_sys::HtmlCanvasElement, spec: &Spec, w: f64, h: f64) -> Vec<Hit> {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0);
    canvas.set_width((w * dpr) as u32);
    canvas.set_height((h * dpr) as u32);
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return Vec::new();
    };
    let area = backend.into_drawing_area();
    let _ = area.fill(&WHITE);
    let mut p = Pen {
        area,
        dpr,
        texts: Vec::new(),
        hits: Vec::new(),
    };
    match &spec.shape {
        Shape::Bars(marks) => bars(&mut p, marks, w, h, None),
        Shape::Progress(marks) => bars(&mut p, marks, w, h, Some(1.0)),
        Shape::Columns(marks) => columns(&mut p, marks, w, h),
        Shape::Grid { rows, cols, cells } => grid(&mut p, rows, cols, cells, w, h),
        Shape::Pyramid(marks) => pyramid(&mut p, marks, w, h),
        Shape::Scatter { .. } => scatter(&mut p, &spec.shape, w, h),
    }
    for (t, x, y, style, pos) in std::mem::take(&mut p.texts) {
        let _ = p
            .area
            .draw(&Text::new(t, (p.px(x), p.px(y)), style.pos(pos)));
    }
    let _ = p.area.present();
    p.hits
}

/// The smallest and largest value, zero included (bars grow from a zero line).
fn value_range(marks: &[Mark]) -> (f64, f64) {
    let max = marks.iter().map(|m| m.value).fold(0.0, f64::max);
    let min = marks.iter().map(|m| m.value).fold(0.0, f64::min);
    (min, max)
}

/// Horizontal bars, label left, figure right; values below zero grow left from a zero
/// line (gaps, shortfalls). With a `target`, the scale reaches it and a line marks it.
fn bars(p: &mut Pen, marks: &[Mark], w: f64, h: f64, target: Option<f64>) {
    // Label and figure columns as wide as their longest text, within limits, so long
    // statements keep most of their words and figures are never cut.
    let widest =
        |f: fn(&Mark) -> &str| marks.iter().map(|m| text_w(f(m))).fold(0.0, f64::max) * 0.95;
    let value_w = (widest(|m| &m.text) + 14.0).clamp(48.0, w * 0.4);
    let label_w = (widest(|m| &m.label) / 0.95 + 14.0).clamp(60.0, w * 0.42);
    let n = marks.len().max(1) as f64;
    let row = ((h - 8.0) / n).min(34.0);
    let (min, max) = value_range(marks);
    let max = target.map_or(max, |t| max.max(t));
    let span = max - min;
    let room = (w - label_w - value_w - 12.0).max(10.0);
    let zero = label_w + 8.0 + if span > 0.0 { room * -min / span } else { 0.0 };
    if min < 0.0 {
        p.rect(zero - 0.5, 2.0, zero + 0.5, 4.0 + n * row, MUTED);
    }

    for (i, m) in marks.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let len = if span > 0.0 {
            room * m.value.abs() / span
        } else {
            0.0
        };
        // A shortfall's figure then sits right of the zero line, where there is room.
        let (x0, x1, colour) = if m.value < 0.0 {
            (zero - len.max(1.0), zero, SHORT)
        } else {
            (zero, zero + len.max(1.0), BAR)
        };
        p.rect(x0, y + row * 0.18, x1, y + row * 0.82, colour);
        p.text(
            clip(&m.label, label_w - 6.0),
            label_w,
            y + row / 2.0,
            12.5,
            &INK,
            RIGHT,
        );
        p.text(m.text.clone(), x1 + 6.0, y + row / 2.0, 12.0, &MUTED, LEFT);
        p.hit((0.0, y, w, y + row), m);
    }
    // Over the bars, so a bar past the target still shows where it was.
    if let Some(t) = target.filter(|_| span > 0.0) {
        let x = zero + room * t / span;
        p.rect(x - 1.0, 0.0, x + 1.0, 8.0 + n * row, INK);
    }
}

/// Vertical columns over labels; values below zero hang from a zero line (an NPS under
/// 0); labels stay under the plot and thin out so they never overlap.
fn columns(p: &mut Pen, marks: &[Mark], w: f64, h: f64) {
    let (top, bottom) = (22.0, 26.0);
    let n = marks.len().max(1) as f64;
    let col = (w - 16.0) / n;
    let (min, max) = value_range(marks);
    let span = max - min;
    let plot = h - top - bottom - if min < 0.0 { 18.0 } else { 0.0 };
    let zero = top + if span > 0.0 { plot * max / span } else { plot };
    // About 64 px a label.
    let every = ((64.0 / col).ceil() as usize).max(1);
    for (i, m) in marks.iter().enumerate() {
        let x = 8.0 + i as f64 * col;
        let hgt = if span > 0.0 {
            plot * m.value.abs() / span
        } else {
            0.0
        };
        let (y0, y1, colour, text_y) = if m.value < 0.0 {
            (zero, zero + hgt, SHORT, zero + hgt + 9.0)
        } else {
            (zero - hgt, zero, BAR, zero - hgt - 9.0)
        };
        p.rect(x + col * 0.12, y0, x + col * 0.88, y1, colour);
        if i % every == 0 {
            p.text(
                m.label.clone(),
                x + col / 2.0,
                h - bottom / 2.0,
                11.5,
                &MUTED,
                CENTRE,
            );
        }
        if col >= 34.0 && !m.text.is_empty() {
            p.text(m.text.clone(), x + col / 2.0, text_y, 11.0, &INK, CENTRE);
        }
        p.hit((x, 0.0, x + col, h), m);
    }
    p.rect(8.0, zero, w - 8.0, zero + 1.0, MUTED);
}

/// A table of shaded cells (a heat map), row labels left, column labels on top; a cell's
/// text in lines, as many as fit.
fn grid(p: &mut Pen, rows: &[String], cols: &[String], cells: &[Mark], w: f64, h: f64) {
    let label_w = rows.iter().map(|r| text_w(r)).fold(0.0, f64::max) + 16.0;
    let label_w = label_w.clamp(40.0, 170.0);
    let head = 26.0;
    let nc = cols.len().max(1) as f64;
    let nr = rows.len().max(1) as f64;
    let cw = (w - label_w - 4.0) / nc;
    let ch = (h - head - 4.0) / nr;
    for (j, c) in cols.iter().enumerate() {
        p.text(
            c.clone(),
            label_w + (j as f64 + 0.5) * cw,
            head / 2.0,
            12.0,
            &MUTED,
            CENTRE,
        );
    }
    for (i, r) in rows.iter().enumerate() {
        p.text(
            r.clone(),
            label_w - 8.0,
            head + (i as f64 + 0.5) * ch,
            12.0,
            &MUTED,
            RIGHT,
        );
    }
    for (idx, m) in cells.iter().enumerate() {
        let (i, j) = (idx / cols.len().max(1), idx % cols.len().max(1));
        let (x0, y0) = (label_w + j as f64 * cw, head + i as f64 * ch);
        p.rect(
            x0 + 1.5,
            y0 + 1.5,
            x0 + cw - 1.5,
            y0 + ch - 1.5,
            shade(m.value),
        );
        if cw >= 28.0 && ch >= 16.0 {
            let lines: Vec<&str> = m.text.lines().collect();
            let lh = 14.0;
            let start = y0 + ch / 2.0 - (lines.len() as f64 - 1.0) * lh / 2.0;
            for (k, l) in lines.iter().enumerate() {
                let size = if k == 0 { 12.5 } else { 11.0 };
                if ch >= (k as f64 + 1.0) * lh + 4.0 {
                    let y = start + k as f64 * lh;
                    p.text(
                        l.to_string(),
                        x0 + cw / 2.0,
                        y,
                        size,
                        text_on(m.value),
                        CENTRE,
                    );
                }
            }
        }
        p.hit((x0, y0, x0 + cw, y0 + ch), m);
    }
}

/// The value pyramid: one band per tier, VIPs on top, figures to the right.
fn pyramid(p: &mut Pen, marks: &[Mark], w: f64, h: f64) {
    let n = marks.len().max(1) as f64;
    let band = (h - 8.0) / n;
    // The figures right of the pyramid get the room their longest text needs; the
    // pyramid takes the rest (at least half), so a phone cuts nothing off.
    let figures = marks.iter().map(|m| text_w(&m.text)).fold(0.0, f64::max);
    let cx = ((w - figures - 24.0).max(w * 0.5)) / 2.0;
    let max_half = (cx - 4.0).min(240.0);
    for (i, m) in marks.iter().enumerate() {
        let y0 = 4.0 + i as f64 * band;
        let half = |k: f64| max_half * (0.18 + 0.82 * k / n);
        let (ht, hb) = (half(i as f64), half(i as f64 + 1.0));
        let pts = vec![
            (p.px(cx - ht), p.px(y0 + 1.5)),
            (p.px(cx + ht), p.px(y0 + 1.5)),
            (p.px(cx + hb), p.px(y0 + band - 1.5)),
            (p.px(cx - hb), p.px(y0 + band - 1.5)),
        ];
        let _ = p.area.draw(&Polygon::new(pts, TIERS[i.min(4)].filled()));
        let ink = if i < 2 { &WHITE } else { &INK };
        p.text(m.label.clone(), cx, y0 + band / 2.0, 13.0, ink, CENTRE);
        p.text(
            m.text.clone(),
            cx + max_half + 16.0,
            y0 + band / 2.0,
            12.5,
            &INK,
            LEFT,
        );
        p.hit((0.0, y0, w, y0 + band), m);
    }
}

/// A box in CSS pixels: (x0, y0, x1, y1).
type Box4 = (f64, f64, f64, f64);

fn overlaps(b: &Box4, taken: &[Box4]) -> bool {
    taken
        .iter()
        .any(|o| b.0 < o.2 && o.0 < b.2 && b.1 < o.3 && o.1 < b.3)
}

/// A unit-square scatter (the Kano better–worse chart): quadrants split at 0.5, corner
/// names, a legend of groups, and each point's label where it overlaps nothing.
fn scatter(p: &mut Pen, shape: &Shape, w: f64, h: f64) {
    let Shape::Scatter {
        x_axis,
        y_axis,
        marks,
        at,
        groups,
        corners,
    } = shape
    else {
        return;
    };
    let (left_m, right_m, top, bottom) = (46.0, 16.0, 30.0, 40.0);
    let (pw, ph) = (w - left_m - right_m, h - top - bottom);
    let sx = |x: f64| left_m + x.clamp(0.0, 1.0) * pw;
    let sy = |y: f64| top + (1.0 - y.clamp(0.0, 1.0)) * ph;
    // Quadrants, tinted lightly, split at 0.5; axes with ticks at 0, 0.5, 1.
    p.rect(
        sx(0.0),
        sy(1.0),
        sx(1.0),
        sy(0.0),
        RGBColor(0xfa, 0xfb, 0xfc),
    );
    p.rect(sx(0.5) - 0.5, sy(1.0), sx(0.5) + 0.5, sy(0.0), RULE);
    p.rect(sx(0.0), sy(0.5) - 0.5, sx(1.0), sy(0.5) + 0.5, RULE);
    p.rect(sx(0.0), sy(0.0), sx(1.0), sy(0.0) + 1.0, MUTED);
    p.rect(sx(0.0) - 1.0, sy(1.0), sx(0.0), sy(0.0), MUTED);
    for t in [0.0, 0.5, 1.0] {
        let label = format!("{t:.1}");
        p.text(label.clone(), sx(t), sy(0.0) + 10.0, 11.0, &MUTED, CENTRE);
        p.text(label, sx(0.0) - 6.0, sy(t), 11.0, &MUTED, RIGHT);
    }
    p.text(x_axis.clone(), sx(0.5), h - 10.0, 12.0, &INK, CENTRE);
    p.text(y_axis.clone(), 4.0, 10.0, 12.0, &INK, LEFT);
    // (x, y, anchored on the left)
    let corner_at = [
        (sx(0.0) + 6.0, sy(1.0) + 10.0, true),
        (sx(1.0) - 6.0, sy(1.0) + 10.0, false),
        (sx(1.0) - 6.0, sy(0.0) - 10.0, false),
        (sx(0.0) + 6.0, sy(0.0) - 10.0, true),
    ];
    // Point labels go where they overlap no other label, point or corner name.
    let mut taken: Vec<Box4> = at
        .iter()
        .map(|&(x, y, _)| (sx(x) - 5.0, sy(y) - 5.0, sx(x) + 5.0, sy(y) + 5.0))
        .collect();
    for (c, (x, y, on_left)) in corners.iter().zip(corner_at) {
        let tw = text_w(c) * 0.92;
        let x0 = if on_left { x } else { x - tw };
        taken.push((x0, y - 8.0, x0 + tw, y + 8.0));
        p.text(
            c.clone(),
            x,
            y,
            11.5,
            &MUTED,
            if on_left { LEFT } else { RIGHT },
        );
    }
    legend(p, groups, at, w - right_m);
    let inside = |b: &Box4| b.0 >= 0.0 && b.2 <= w && b.1 >= top - 8.0 && b.3 <= h - bottom + 8.0;
    for (m, &(x, y, g)) in marks.iter().zip(at) {
        let (cx, cy) = (sx(x), sy(y));
        let dot = Circle::new(
            (p.px(cx), p.px(cy)),
            p.px(5.5),
            GROUPS[g % GROUPS.len()].filled(),
        );
        let _ = p.area.draw(&dot);
        let tw = text_w(&m.label) * 0.88;
        let spots = [
            (cx + 9.0, cy - 8.0),
            (cx - 9.0 - tw, cy - 8.0),
            (cx - tw / 2.0, cy - 22.0),
            (cx - tw / 2.0, cy + 6.0),
            (cx + 9.0, cy - 20.0),
            (cx + 9.0, cy + 4.0),
            (cx - 9.0 - tw, cy - 20.0),
            (cx - 9.0 - tw, cy + 4.0),
        ];
        let free = spots
            .iter()
            .map(|&(x0, y0)| (x0, y0, x0 + tw, y0 + 16.0))
            .find(|b| inside(b) && !overlaps(b, &taken));
        if let Some(b) = free {
            p.text(m.label.clone(), b.0, b.1 + 8.0, 11.5, &INK, LEFT);
            taken.push(b);
        }
        p.hit((cx - 9.0, cy - 9.0, cx + 9.0, cy + 9.0), m);
    }
}

/// The groups that have points, as a legend along the top ending at `right`.
fn legend(p: &mut Pen, groups: &[String], at: &[(f64, f64, usize)], right: f64) {
    let mut lx = right;
    for (g, name) in groups.iter().enumerate().rev() {
        if !at.iter().any(|a| a.2 == g) {
            continue;
        }
        let tw = text_w(name) * 0.92;
        p.text(name.clone(), lx, 12.0, 11.5, &INK, RIGHT);
        lx -= tw + 6.0;
        p.rect(lx - 10.0, 7.0, lx, 17.0, GROUPS[g % GROUPS.len()]);
        lx -= 22.0;
    }
}

/// A card with a chart, its table view, PNG export, hover and drill-down.
#[component]
pub fn Chart(
    /// Stable id (tests and the PNG's file name).
    #[prop(into)]
    id: String,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] spec: Signal<Option<Spec>>,
    /// CSS height of the drawing.
    #[prop(default = 260.0)]
    height: f64,
    /// A line under the title.
    #[prop(optional, into)]
    note: Option<Signal<String>>,
) -> impl IntoView {
    let i = use_i18n();
    let as_table = RwSignal::new(false);
    let canvas = NodeRef::<html::Canvas>::new();
    let hits: StoredValue<Vec<Hit>> = StoredValue::new(Vec::new());
    let tip = RwSignal::new(None::<(String, f64, f64)>);
    let width = RwSignal::new(0.0f64);
    // Also called from an animation frame, which may come after the chart is gone.
    let measure = move || {
        if let Some(c) = canvas.try_get_untracked().flatten() {
            let w = c
                .parent_element()
                .map(|p| p.client_width() as f64)
                .unwrap_or(0.0);
            if w > 0.0 {
                width.try_set(w);
            }
        }
    };
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        let w = width.get();
        let table = as_table.get();
        let Some(c) = canvas.get() else { return };
        if w <= 0.0 {
            // The first run happens before layout; measure after it.
            request_animation_frame(measure);
            return;
        }
        if table {
            return;
        }
        spec.with(|s| {
            if let Some(s) = s {
                let el: &web_sys::HtmlCanvasElement = &c;
                hits.set_value(draw(el, s, w, height));
            }
        });
    });
    let at = move |e: &web_sys::MouseEvent| -> Option<usize> {
        let c = canvas.get_untracked()?;
        let r = c.get_bounding_client_rect();
        let (x, y) = (
            e.client_x() as f64 - r.left(),
            e.client_y() as f64 - r.top(),
        );
        hits.with_value(|h| {
            h.iter()
                .position(|b| x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1)
        })
    };
    let on_move = move |e: web_sys::MouseEvent| {
        let found = at(&e).map(|k| hits.with_value(|h| (h[k].tip.clone(), h[k].href.is_some())));
        if let Some(c) = canvas.get_untracked() {
            let link = found.as_ref().is_some_and(|f| f.1);
            let _ = web_sys::HtmlElement::style(&c)
                .set_property("cursor", if link { "pointer" } else { "default" });
            let r = c.get_bounding_client_rect();
            tip.set(found.filter(|f| !f.0.is_empty()).map(|f| {
                (
                    f.0,
                    e.client_x() as f64 - r.left() + 12.0,
                    e.client_y() as f64 - r.top() + 12.0,
                )
            }));
        }
    };
    let on_click = move |e: web_sys::MouseEvent| {
        if let Some(href) = at(&e).and_then(|k| hits.with_value(|h| h[k].href.clone())) {
            navigate_href(&href);
        }
    };
    let file = format!("kehu-{id}.png");
    let export = move |_| {
        let Some(c) = canvas.get_untracked() else {
            return;
        };
        let Ok(url) = c.to_data_url() else { return };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(&file);
            a.click();
        }
    };
    // The table view's figures as a CSV file (the chart's data for a spreadsheet).
    let csv_name = StoredValue::new(format!("kehu-{id}.csv"));
    // The chart's table as a file: CSV, or an XLSX workbook with numbers as numbers.
    let export_table = move |xlsx: bool| {
        spec.with_untracked(|s| {
            let Some(s) = s else { return };
            let head: Vec<&str> = s.head.iter().map(String::as_str).collect();
            let rows = s
                .rows
                .iter()
                .map(|r| r.iter().map(|c| std::borrow::Cow::Borrowed(c.as_str())));
            if xlsx {
                let bytes = kehu_core::xlsx::workbook(&title.get_untracked(), &head, rows);
                let name = csv_name.get_value().replace(".csv", ".xlsx");
                crate::platform::download_bytes(&name, crate::platform::XLSX, &bytes);
            } else {
                let text = kehu_core::export::to_csv(&head, rows);
                crate::platform::download(&csv_name.get_value(), "text/csv;charset=utf-8", &text);
            }
        });
    };
    let table = move || {
        spec.with(|s| {
            s.as_ref().map(|s| {
                let head = s.head.clone();
                let rows = s.rows.clone();
                // Where rows and marks correspond one to one, a row's first cell is the
                // mark's drill-down link: the keyboard's way into the chart's slices.
                let marks = s.shape.marks();
                let links: Vec<Option<String>> = if marks.len() == rows.len() {
                    marks.iter().map(|m| m.href.clone()).collect()
                } else {
                    vec![None; rows.len()]
                };
                view! {
                    <div class="table-wrap">
                        <table class="table chart-table">
                            <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                            <tbody>
                                {rows.into_iter().zip(links).map(|(r, link)| view! {
                                    <tr>{r.into_iter().enumerate().map(|(k, c)| match (k, &link) {
                                        (0, Some(href)) => view! { <td><a href=href.clone()>{c}</a></td> }.into_any(),
                                        _ => view! { <td>{c}</td> }.into_any(),
                                    }).collect_view()}</tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })
        })
    };
    let label = move || title.get();
    view! {
        <section class="card chart" id=id aria-label=label>
            <div class="card-head">
                <div>
                    <h2>{move || title.get()}</h2>
                    {note.map(|n| view! { <p class="muted chart-note">{n}</p> })}
                </div>
                <div class="chart-tools">
                    <button class="btn btn-small chart-toggle" aria-pressed=move || as_table.get().to_string()
                        on:click=move |_| as_table.update(|t| *t = !*t)>
                        {move || if as_table.get() { i.t(K::ShowAsChart) } else { i.t(K::ShowAsTable) }}
                    </button>
                    <button class="btn btn-small" on:click=export disabled=move || as_table.get()>{i.tr(K::ExportPng)}</button>
                    <button class="btn btn-small chart-csv" aria-label=i.tr(K::ExportCsv) title=i.tr(K::ExportCsv) on:click=move |_| export_table(false) disabled=move || spec.with(|s| s.is_none())>{i.tr(K::ExportCsvShort)}</button>
                    <button class="btn btn-small chart-xlsx" aria-label=i.tr(K::ExportXlsx) title=i.tr(K::ExportXlsx) on:click=move |_| export_table(true) disabled=move || spec.with(|s| s.is_none())>"XLSX"</button>
                </div>
            </div>
            <Show when=move || spec.with(|s| s.is_none())>
                <p class="muted">{i.tr(K::NothingToShow)}</p>
            </Show>
            <div class="chart-body" class:hidden=move || as_table.get() || spec.with(|s| s.is_none())>
                <canvas node_ref=canvas role="img" aria-label=label style:height=format!("{height}px")
                    on:mousemove=on_move on:mouseleave=move |_| tip.set(None) on:click=on_click></canvas>
                {move || tip.get().map(|(t, x, y)| view! {
                    <div class="chart-tip" style:left=format!("{x}px") style:top=format!("{y}px")>{t}</div>
                })}
            </div>
            <Show when=move || as_table.get()>{table}</Show>
        </section>
    }
}
