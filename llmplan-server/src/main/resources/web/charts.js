// Inline SVG charts of the llmplan page: a stacked bar against a capacity, horizontal bars, a scatter plot
// and lines. Plain DOM, no library, so that the page works without the internet.
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac"];

  function el(name, attrs, text) {
    const e = document.createElementNS(NS, name);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function clear(svg) {
    while (svg.firstChild) {
      svg.removeChild(svg.firstChild);
    }
  }

  function titled(node, title) {
    node.appendChild(el("title", {}, title));
    return node;
  }

  /** parts: [{name, value}] stacked left to right; capacity drawn as a line; format(value) labels. */
  function stackedBar(svg, parts, capacity, format) {
    clear(svg);
    const width = 700;
    const total = parts.reduce((s, p) => s + p.value, 0);
    const scale = width / Math.max(total, capacity);
    let x = 10;
    parts.filter(p => p.value > 0).forEach((p, i) => {
      const w = p.value * scale;
      svg.appendChild(titled(el("rect", {x, y: 10, width: w, height: 40, fill: COLOURS[i % COLOURS.length],
        class: "bar", "data-name": p.name, "data-value": p.value}), p.name + ": " + format(p.value)));
      if (w > 60) {
        svg.appendChild(el("text", {x: x + 4, y: 35, class: "inside"}, p.name));
      }
      x += w;
    });
    const cx = 10 + capacity * scale;
    svg.appendChild(el("line", {x1: cx, x2: cx, y1: 2, y2: 58, class: "capacity"}));
    svg.appendChild(el("text", {x: Math.min(cx, 600), y: 75, class: "label"}, "capacity " + format(capacity)));
  }

  /** items: [{name, value}] as one horizontal bar each, longest scaled to the width. */
  function bars(svg, items, format) {
    clear(svg);
    const max = Math.max(...items.map(i => i.value), 1e-30);
    const row = Math.min(26, 250 / Math.max(items.length, 1));
    svg.setAttribute("viewBox", "0 0 720 " + (row * items.length + 10));
    items.forEach((item, i) => {
      const y = 5 + i * row;
      svg.appendChild(el("text", {x: 150, y: y + row * 0.65, class: "label", "text-anchor": "end"}, item.name));
      svg.appendChild(titled(el("rect", {x: 160, y, width: Math.max(item.value / max * 440, 0.5),
        height: row - 6, fill: COLOURS[i % COLOURS.length], class: "bar", "data-name": item.name,
        "data-value": item.value}), item.name + ": " + format(item.value)));
      svg.appendChild(el("text", {x: 165 + item.value / max * 440, y: y + row * 0.65, class: "label"},
        format(item.value)));
    });
  }

  function axes(svg, box, xLabel, yLabel, xRange, yRange, xFormat, yFormat) {
    svg.appendChild(el("line", {x1: box.x, x2: box.x + box.w, y1: box.y + box.h, y2: box.y + box.h, class: "axis"}));
    svg.appendChild(el("line", {x1: box.x, x2: box.x, y1: box.y, y2: box.y + box.h, class: "axis"}));
    svg.appendChild(el("text", {x: box.x + box.w / 2, y: box.y + box.h + 36, class: "label",
      "text-anchor": "middle"}, xLabel));
    svg.appendChild(el("text", {x: 12, y: box.y + box.h / 2, class: "label",
      transform: `rotate(-90 12 ${box.y + box.h / 2})`, "text-anchor": "middle"}, yLabel));
    [0, 0.5, 1].forEach(f => {
      svg.appendChild(el("text", {x: box.x + f * box.w, y: box.y + box.h + 16, class: "tick",
        "text-anchor": "middle"}, xFormat(xRange[0] + f * (xRange[1] - xRange[0]))));
      svg.appendChild(el("text", {x: box.x - 4, y: box.y + (1 - f) * box.h + 4, class: "tick",
        "text-anchor": "end"}, yFormat(yRange[0] + f * (yRange[1] - yRange[0]))));
    });
  }

  function range(values) {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    return [Math.max(0, lo - pad), hi + pad];
  }

  /** points: [{x, y, label, front}]; the front is joined by a line; onPick(index) on a click. */
  function scatter(svg, points, opts) {
    clear(svg);
    const box = {x: 80, y: 10, w: 610, h: 290};
    const xr = range(points.map(p => p.x));
    const yr = range(points.map(p => p.y));
    const px = v => box.x + (v - xr[0]) / (xr[1] - xr[0]) * box.w;
    const py = v => box.y + box.h - (v - yr[0]) / (yr[1] - yr[0]) * box.h;
    axes(svg, box, opts.xLabel, opts.yLabel, xr, yr, opts.xFormat, opts.yFormat);
    const front = points.filter(p => p.front).sort((a, b) => a.x - b.x);
    if (front.length > 1) {
      svg.appendChild(el("polyline", {points: front.map(p => px(p.x) + "," + py(p.y)).join(" "), class: "front"}));
    }
    points.forEach((p, i) => {
      const dot = el("circle", {cx: px(p.x), cy: py(p.y), r: p.front ? 7 : 5, class: p.front ? "point front-point"
        : "point", "data-index": i, tabindex: 0});
      dot.addEventListener("click", () => opts.onPick(i));
      svg.appendChild(titled(dot, p.label));
    });
  }

  /** series: [{name, points: [{x, y}]}] as lines with their points. */
  function lines(svg, series, opts) {
    clear(svg);
    const box = {x: 80, y: 10, w: 520, h: 240};
    const all = series.flatMap(s => s.points);
    const xr = range(all.map(p => p.x));
    const yr = range(all.map(p => p.y));
    const px = v => box.x + (v - xr[0]) / (xr[1] - xr[0]) * box.w;
    const py = v => box.y + box.h - (v - yr[0]) / (yr[1] - yr[0]) * box.h;
    axes(svg, box, opts.xLabel, opts.yLabel, xr, yr, opts.xFormat, opts.yFormat);
    series.forEach((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      svg.appendChild(el("polyline", {points: s.points.map(p => px(p.x) + "," + py(p.y)).join(" "),
        stroke: colour, class: "series", "data-name": s.name}));
      s.points.forEach(p => svg.appendChild(titled(el("circle", {cx: px(p.x), cy: py(p.y), r: 4, fill: colour,
        class: "point"}), s.name + ": " + opts.yFormat(p.y) + " at " + opts.xFormat(p.x))));
      svg.appendChild(el("text", {x: box.x + box.w + 10, y: box.y + 16 + i * 18, fill: colour, class: "label"},
        s.name));
    });
  }

  return {stackedBar, bars, scatter, lines};
})();
