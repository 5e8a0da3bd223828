// gallery.js draws the charts of a gallery or chart page and wires their download buttons. It is
// written beside the pages by bulletin (reports/web/gallery.js) and needs nothing from the network.
//
// A chart is an element <div class="chart" data-chart-id="ID"> with its ECharts options in
// <script type="application/json" id="options-ID">. Buttons <button data-download="png|svg|wechat"
// data-for="ID" data-name="STEM"> save the chart as a PNG at twice its size or as an SVG, with the
// chart's note (its figcaption) written under the plot, or as a 1080 x 1350 PNG for a WeChat
// article (every text at least 28 px); <button data-download="tiles" data-name="STEM"> saves the
// headline figures (.tile elements) as a long 1080-px-wide PNG. When every
// chart has rendered, document.body.dataset.chartsReady holds their number.
//
// Each chart is laid out for the width it gets (layOut): long titles and source lines wrap, a legend
// that would cover the title moves under it, the plot moves below both, axis labels that would
// collide turn or thin out, and on a phone the chart grows taller to keep room for the plot. The
// layout is measured from the texts ECharts drew, and redone when the window is resized.
//
// window.bulletinGallery exposes, for tests, the functions that build the WeChat pictures
// (wechatChart, tilesChart: each returns an ECharts instance the caller disposes) and textBoxes.
(function () {
  "use strict";

  var instances = {};

  function optionsOf(id) {
    var holder = document.getElementById("options-" + id);
    return JSON.parse(holder.textContent);
  }


  // A chart narrower than phoneWidth is laid out for a phone.
  var phoneWidth = 600;

  // Font sizes, in pixels, of the layouts that change them: a phone's and a WeChat picture's. A
  // size left out keeps the chart's own.
  var phoneSizes = { title: 16, subtitle: 12, legend: 12, axis: 11, margin: 12 };
  var wechatSizes = { title: 44, subtitle: 30, legend: 30, axis: 28, label: 28, margin: 48 };
  var wechatWidth = 1080, wechatHeight = 1350;

  function list(o, key) {
    var v = o[key];
    if (!v) {
      return [];
    }
    return Array.isArray(v) ? v : [v];
  }

  function num(v, fallback) {
    var n = Number(v);
    return v === null || v === undefined || v === "" || !isFinite(n) ? fallback : n;
  }

  function sub(o, key) {
    if (!o[key] || typeof o[key] !== "object") {
      o[key] = {};
    }
    return o[key];
  }

  // textBoxes returns the texts ECharts drew for chart, in the chart's pixels: {owner, text, x, y,
  // w, h, font}, owner being the main type of the component that drew it ("title", "legend",
  // "xAxis", "series", ...). Hidden texts (a label hideOverlap dropped) are left out.
  function textBoxes(chart) {
    var owners = new Map();
    chart.getModel().eachComponent(function (mainType, model) {
      var view = mainType === "series" ? chart.getViewOfSeriesModel(model) : chart.getViewOfComponentModel(model);
      if (view && view.group) {
        owners.set(view.group, mainType);
      }
    });
    var boxes = [];
    chart.getZr().storage.getDisplayList(true).forEach(function (el) {
      if (!el.style || typeof el.style.text !== "string" || el.style.text.trim() === "") {
        return;
      }
      var owner = "";
      for (var p = el; p; p = p.parent || p.__hostTarget) {
        if (p.invisible || p.ignore) {
          return;
        }
        if (!owner && owners.has(p)) {
          owner = owners.get(p);
        }
      }
      var r = el.getBoundingRect().clone();
      if (el.transform) {
        r.applyTransform(el.transform);
      }
      if (r.width <= 0 || r.height <= 0) {
        return;
      }
      var size = /(\d+(?:\.\d+)?)px/.exec(el.style.font || "");
      boxes.push({ owner: owner, text: el.style.text, x: r.x, y: r.y, w: r.width, h: r.height,
        font: size ? Number(size[1]) : num(el.style.fontSize, 12) });
    });
    return boxes;
  }

  function overlap(a, b, gap) {
    return Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > -gap &&
      Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > -gap;
  }

  function anyOverlap(boxes) {
    for (var i = 0; i < boxes.length; i++) {
      for (var j = i + 1; j < boxes.length; j++) {
        if (overlap(boxes[i], boxes[j], 0)) {
          return true;
        }
      }
    }
    return false;
  }

  function owned(boxes, owner) {
    return boxes.filter(function (b) { return b.owner === owner; });
  }

  function bottomOf(boxes) {
    return boxes.reduce(function (m, b) { return Math.max(m, b.y + b.h); }, 0);
  }

  // setFonts sets the font sizes of every text of the options o to sizes.
  function setFonts(o, sizes) {
    var k = sizes.axis / 12;
    if (sizes.axis) {
      sub(o, "textStyle").fontSize = sizes.axis;
    }
    list(o, "title").forEach(function (t) {
      if (sizes.title) {
        sub(t, "textStyle").fontSize = sizes.title;
        t.textStyle.lineHeight = Math.round(sizes.title * 1.3);
      }
      if (sizes.subtitle) {
        sub(t, "subtextStyle").fontSize = sizes.subtitle;
        t.subtextStyle.lineHeight = Math.round(sizes.subtitle * 1.4);
      }
    });
    list(o, "legend").forEach(function (l) {
      if (sizes.legend) {
        sub(l, "textStyle").fontSize = sizes.legend;
        l.itemWidth = Math.round(25 * sizes.legend / 13);
        l.itemHeight = Math.round(14 * sizes.legend / 13);
        // ECharts' 10-px gap between entries, grown with the type, so an entry's text keeps clear
        // of the next entry's swatch.
        l.itemGap = Math.max(10, Math.round(10 * sizes.legend / 13));
      }
    });
    list(o, "visualMap").forEach(function (v) {
      if (sizes.legend) {
        sub(v, "textStyle").fontSize = sizes.legend;
        v.itemWidth = Math.round(20 * k);
        v.itemHeight = Math.round(140 * k);
      }
    });
    ["xAxis", "yAxis"].forEach(function (kind) {
      list(o, kind).forEach(function (axis) {
        if (!sizes.axis) {
          return;
        }
        var label = sub(axis, "axisLabel");
        label.fontSize = sizes.axis;
        if (label.width) {
          label.width = Math.round(label.width * k);
        }
        sub(axis, "nameTextStyle").fontSize = sizes.axis;
        if (axis.nameGap) {
          axis.nameGap = Math.round(axis.nameGap * k);
        }
      });
    });
    list(o, "graphic").forEach(function (g) {
      (g.elements || [g]).forEach(function (el) {
        if (el.style && el.style.text && sizes.subtitle) {
          el.style.fontSize = sizes.subtitle;
          el.style.lineHeight = Math.round(sizes.subtitle * 1.4);
        }
      });
    });
    if (sizes.label) {
      list(o, "series").forEach(function (s) {
        sub(s, "label").fontSize = sizes.label;
        if (s.symbolSize) {
          s.symbolSize = Math.round(s.symbolSize * k);
        }
        if (s.markLine) {
          sub(s.markLine, "label").fontSize = sizes.label;
        }
        (s.data || []).forEach(function (d) {
          if (d && typeof d === "object" && d.label) {
            d.label.fontSize = sizes.label;
          }
        });
      });
    }
  }

  // layOut draws the options base on chart, laid out for the chart's width (see the file comment).
  // sizes are font sizes to use instead of the chart's (wechatSizes); without them a chart narrower
  // than phoneWidth takes phoneSizes. With grow, a phone's chart may grow taller than its element.
  function layOut(chart, base, sizes, grow) {
    var o = JSON.parse(JSON.stringify(base));
    var width = chart.getWidth();
    var narrow = width < phoneWidth;
    if (!sizes && narrow) {
      sizes = phoneSizes;
    }
    if (sizes) {
      setFonts(o, sizes);
    }
    var margin = sizes ? sizes.margin : 24;
    var padding = 5; // ECharts' default padding of a title or legend
    list(o, "title").forEach(function (t) {
      t.left = margin - padding;
      ["textStyle", "subtextStyle"].forEach(function (key) {
        sub(t, key).width = width - 2 * margin;
        t[key].overflow = "break";
      });
    });
    list(o, "graphic").forEach(function (g) {
      (g.elements || [g]).forEach(function (el) {
        if (el.style && el.style.text) {
          el.left = margin;
          el.style.width = width - 2 * margin;
        }
      });
    });
    var grid = list(o, "grid")[0] || sub(o, "grid");
    if (sizes) {
      grid.left = margin;
      grid.right = Math.min(num(grid.right, margin), margin + 16);
    }
    if (narrow || sizes) {
      // Value labels that would pile up on narrow bars, or in large type, give way to each other;
      // the tooltip has them.
      list(o, "series").forEach(function (series) {
        sub(series, "labelLayout").hideOverlap = true;
        // A label wider than its narrow bar reaches over the next bar: a white halo keeps it legible.
        if (series.type === "bar") {
          var label = sub(series, "label");
          if (label.textBorderWidth === undefined) {
            label.textBorderColor = "#ffffff";
            label.textBorderWidth = 2;
          }
        }
      });
    }
    var categoryAxes = [], valueAxes = [];
    ["xAxis", "yAxis"].forEach(function (kind) {
      list(o, kind).forEach(function (axis) {
        (axis.type === "category" ? categoryAxes : valueAxes).push({ kind: kind, axis: axis });
        if (narrow) {
          sub(axis, "axisLabel").hideOverlap = axis.type !== "category";
        }
        if (narrow && kind === "yAxis" && axis.type === "category") {
          axis.axisLabel.width = Math.round(width * 0.3);
          axis.axisLabel.overflow = "break";
        }
      });
    });

    chart.setOption(o, true);
    var boxes = textBoxes(chart);
    var titles = owned(boxes, "title");
    var titleBottom = bottomOf(titles);
    var legends = owned(boxes, "legend");
    var clash = legends.some(function (l) {
      return l.x + l.w > width || titles.some(function (t) { return overlap(l, t, 4); });
    });
    list(o, "legend").forEach(function (legend) {
      if (clash) {
        legend.top = Math.ceil(titleBottom + 6);
        legend.left = margin - padding;
        legend.right = margin - padding;
        delete legend.bottom;
      }
    });

    // The plot goes below the header (title and legend) and above the footer (notes, the visual
    // map's scale), with its axis names and labels.
    for (var round = 0; round < 4; round++) {
      chart.setOption(o, true);
      boxes = textBoxes(chart);
      var header = boxes.filter(function (b) { return b.owner === "title" || b.owner === "legend"; });
      var footer = boxes.filter(function (b) {
        return (b.owner === "graphic" || b.owner === "visualMap") && b.y > chart.getHeight() / 2;
      });
      var axes = boxes.filter(function (b) { return b.owner === "xAxis" || b.owner === "yAxis"; });
      var headerBottom = bottomOf(header) + 6;
      var footerTop = footer.reduce(function (m, b) { return Math.min(m, b.y); }, chart.getHeight()) - 6;
      var axesTop = axes.reduce(function (m, b) { return Math.min(m, b.y); }, Infinity);
      var axesBottom = bottomOf(axes);
      var changed = false;
      if (axesTop < headerBottom) {
        grid.top = Math.ceil(num(grid.top, 60) + headerBottom - axesTop);
        changed = true;
      }
      var axesRight = axes.reduce(function (m, b) { return Math.max(m, b.x + b.w); }, 0);
      if (axesRight > width - 4) {
        grid.right = Math.ceil(num(grid.right, 24) + axesRight - width + 4);
        changed = true;
      }
      if (axes.length && axesBottom > footerTop) {
        grid.bottom = Math.ceil(num(grid.bottom, 60) + axesBottom - footerTop);
        changed = true;
      }
      // An axis name at the end of its axis that covers a label goes under the middle of the axis.
      categoryAxes.concat(valueAxes).forEach(function (c) {
        if (!c.axis.name || c.axis.nameLocation === "middle" || c.kind !== "xAxis") {
          return;
        }
        var own = owned(boxes, c.kind);
        var names = own.filter(function (b) { return b.text === c.axis.name; });
        var labels = own.filter(function (b) { return b.text !== c.axis.name; });
        if (!names.some(function (n) { return labels.some(function (l) { return overlap(n, l, 2); }); })) {
          return;
        }
        var size = (sizes && sizes.axis) || 12;
        c.axis.nameLocation = "middle";
        c.axis.nameGap = Math.round(size * 2.4);
        changed = true;
      });
      categoryAxes.forEach(function (c) {
        var labels = owned(boxes, c.kind).filter(function (b) { return b.text !== c.axis.name; });
        if (!anyOverlap(labels)) {
          return;
        }
        var label = c.axis.axisLabel;
        if (c.kind === "xAxis" && !label.rotate) {
          label.rotate = 90;
          label.width = Math.round(Math.min(chart.getHeight() / 4, 140 * (sizes ? sizes.axis / 12 : 1)));
          label.overflow = "break";
        } else if (!label.hideOverlap) {
          delete label.interval;
          label.hideOverlap = true;
        } else {
          return;
        }
        changed = true;
      });
      if (!changed) {
        break;
      }
    }
    if (grow && narrow) {
      var plot = chart.getHeight() - num(grid.top, 60) - num(grid.bottom, 60);
      var wanted = 260;
      if (plot < wanted) {
        chart.getDom().style.height = Math.ceil(chart.getHeight() + wanted - plot) + "px";
        chart.resize();
      }
    }
  }

  function save(href, name) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  }

  // noteOf is the note under a chart (its figcaption): what the chart's marks mean ("< 5", the
  // whiskers, the bin rule), which a saved picture must carry as the page does.
  function noteOf(id) {
    var caption = instances[id].getDom().parentNode.querySelector("figcaption");
    return caption ? caption.textContent.trim() : "";
  }

  var noteFontSize = 12, noteLineHeight = 18, noteMargin = 24;

  // moveUp adds extra pixels to a component's numeric "bottom", so what sat at the bottom stays
  // above the note.
  function moveUp(components, extra) {
    if (!components) {
      return;
    }
    (Array.isArray(components) ? components : [components]).forEach(function (c) {
      var bottom = parseFloat(c.bottom);
      if (c.bottom !== undefined && !isNaN(bottom) && String(c.bottom).indexOf("%") < 0) {
        c.bottom = bottom + extra;
      }
    });
  }

  // savedOptions are the chart's options for a saved picture of the given width: the note is
  // written under the plot, which moves up to make room. It returns the options and the height
  // the note adds.
  function savedOptions(id, width) {
    var options = optionsOf(id);
    options.animation = false;
    var note = noteOf(id);
    if (!note) {
      return { options: options, extra: 0 };
    }
    var textWidth = width - 2 * noteMargin;
    var measure = document.createElement("canvas").getContext("2d");
    var family = (options.textStyle && options.textStyle.fontFamily) || "sans-serif";
    measure.font = noteFontSize + "px " + family;
    // One more line than measured: ECharts breaks at words, which fills lines less than full.
    var lines = Math.ceil(measure.measureText(note).width / textWidth) + 1;
    var extra = lines * noteLineHeight + 8;
    moveUp(options.grid, extra);
    moveUp(options.graphic, extra);
    moveUp(options.visualMap, extra);
    moveUp(options.legend, extra);
    var graphic = options.graphic ? (Array.isArray(options.graphic) ? options.graphic : [options.graphic]) : [];
    graphic.push({
      type: "text", left: noteMargin, bottom: 8, silent: true,
      style: { text: note, fill: "#666666", fontSize: noteFontSize, fontFamily: family, lineHeight: noteLineHeight,
        width: textWidth, overflow: "break" }
    });
    options.graphic = graphic;
    return { options: options, extra: extra };
  }

  // The PNG is drawn by an off-screen instance of the chart's width, taller by the note.
  function savePNG(id, name) {
    var el = instances[id].getDom();
    var width = el.clientWidth, saved = savedOptions(id, width);
    var chart = offscreen(width, el.clientHeight + saved.extra);
    layOut(chart, saved.options, null, false);
    var url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    chart.dispose();
    save(url, name + ".png");
  }

  // The SVG is drawn by a second, server-side-style instance of the same width, so the page keeps
  // its canvas renderer (faster).
  function saveSVG(id, name) {
    var el = instances[id].getDom();
    var saved = savedOptions(id, el.clientWidth);
    var svg = echarts.init(null, null, {
      renderer: "svg", ssr: true, width: el.clientWidth, height: el.clientHeight + saved.extra
    });
    layOut(svg, saved.options, null, false);
    var text = svg.renderToSVGString();
    svg.dispose();
    var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    save(url, name + ".svg");
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }


  // offscreen returns an ECharts instance drawing on an element out of sight, width x height.
  function offscreen(width, height) {
    var el = document.createElement("div");
    el.style.cssText = "position:fixed;left:-20000px;top:0;width:" + width + "px;height:" + height + "px";
    document.body.appendChild(el);
    var chart = echarts.init(el, null, { renderer: "canvas", width: width, height: height });
    var dispose = chart.dispose.bind(chart);
    chart.dispose = function () { dispose(); el.remove(); };
    return chart;
  }

  // wechatChart draws chart id for a WeChat article: 1080 x 1350, every text at least 28 px, the
  // chart's note under its source line.
  function wechatChart(id) {
    var options = optionsOf(id);
    options.animation = false;
    var note = noteOf(id);
    list(options, "title").forEach(function (t, i) {
      if (i === 0 && note) {
        t.subtext = (t.subtext ? t.subtext + "\n" : "") + note;
      }
    });
    var chart = offscreen(wechatWidth, wechatHeight);
    layOut(chart, options, wechatSizes, false);
    return chart;
  }

  function saveWeChat(id, name) {
    var chart = wechatChart(id);
    save(chart.getDataURL({ type: "png", pixelRatio: 1, backgroundColor: "#ffffff" }), name + "-wechat.png");
    chart.dispose();
  }

  // tilesChart draws the headline figures (the page's .tile elements) under the page's title and
  // source line, one figure a row, 1080 px wide and as tall as they need.
  function tilesChart() {
    var font = getComputedStyle(document.body).fontFamily;
    var width = wechatWidth, margin = 60, inner = width - 2 * margin, pad = 32;
    var measure = document.createElement("canvas").getContext("2d");
    var lines = function (text, size, bold) {
      measure.font = (bold ? "bold " : "") + size + "px " + font;
      // One line more than the width asks for when it is close: words do not break mid-word.
      var ratio = measure.measureText(text).width / (inner - 2 * pad);
      return Math.max(1, Math.ceil(ratio + (ratio > 0.85 ? 0.15 : 0)));
    };
    var elements = [];
    var y = margin;
    var text = function (value, size, colour, bold, x, w) {
      var n = lines(value, size, bold);
      var lineHeight = Math.round(size * 1.35);
      elements.push({ type: "text", left: x, top: y, style: { text: value, fontSize: size, lineHeight: lineHeight,
        fontWeight: bold ? "bold" : "normal", fill: colour, width: w, overflow: "break", fontFamily: font } });
      return n * lineHeight;
    };
    var heading = document.querySelector("header.top h1");
    var source = document.querySelector("header.top p");
    var headingHeight = 0;
    elements.push({ type: "rect", left: 0, top: 0, shape: { width: width, height: 1 }, style: { fill: "#1f4e8c" } });
    y += text(heading ? heading.textContent.trim() : "", 48, "#ffffff", true, margin, inner) + 16;
    y += text(source ? source.textContent.trim() : "", 30, "#ffffff", false, margin, inner) + margin;
    headingHeight = y;
    elements[0].shape.height = headingHeight;
    y += 40;
    Array.prototype.forEach.call(document.querySelectorAll(".tile"), function (tile) {
      var label = tile.querySelector(".label");
      var value = tile.querySelector(".value");
      var unit = tile.querySelector(".unit");
      var top = y;
      var rect = { type: "rect", left: margin, top: top, shape: { width: inner, height: 0 }, style: { fill: "#f3f6fa" } };
      elements.push(rect);
      elements.push({ type: "rect", left: margin, top: top, shape: { width: 8, height: 0 }, style: { fill: "#1f4e8c" } });
      var bar = elements[elements.length - 1];
      y += pad;
      y += text(label ? label.textContent.trim() : "", 32, "#555555", false, margin + pad, inner - 2 * pad) + 12;
      var figure = (value ? value.textContent.trim() : "") + (unit && unit.textContent.trim() ? " " + unit.textContent.trim() : "");
      y += text(figure, 72, "#1f4e8c", true, margin + pad, inner - 2 * pad) + pad;
      rect.shape.height = bar.shape.height = y - top;
      y += 28;
    });
    y += margin - 28;
    var chart = offscreen(width, y);
    chart.setOption({ animation: false, backgroundColor: "#ffffff", graphic: { elements: elements } });
    return chart;
  }

  function saveTiles(name) {
    var chart = tilesChart();
    save(chart.getDataURL({ type: "png", pixelRatio: 1, backgroundColor: "#ffffff" }), name + "-wechat.png");
    chart.dispose();
  }

  function copyText(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var text = source.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || label;
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    document.body.removeChild(area);
  }

  function start() {
    var charts = document.querySelectorAll(".chart[data-chart-id]");
    var ready = 0;
    Array.prototype.forEach.call(charts, function (el) {
      var id = el.getAttribute("data-chart-id");
      var chart = echarts.init(el, null, { renderer: "canvas" });
      instances[id] = chart;
      var counted = false;
      chart.on("finished", function () {
        if (counted) {
          return;
        }
        counted = true;
        ready++;
        if (ready === charts.length) {
          document.body.dataset.chartsReady = String(ready);
        }
      });
      layOut(chart, optionsOf(id), null, true);
    });
    if (charts.length === 0) {
      document.body.dataset.chartsReady = "0";
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) {
        return;
      }
      var kind = button.getAttribute("data-download");
      var id = button.getAttribute("data-for");
      if (kind === "tiles") {
        saveTiles(button.getAttribute("data-name") || "headline");
      } else if (kind && instances[id]) {
        var name = button.getAttribute("data-name") || id;
        if (kind === "png") {
          savePNG(id, name);
        } else if (kind === "svg") {
          saveSVG(id, name);
        } else if (kind === "wechat") {
          saveWeChat(id, name);
        }
      } else if (button.hasAttribute("data-copy")) {
        copyText(button);
      }
    });
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) {
        return;
      }
      pending = true;
      requestAnimationFrame(function () {
        pending = false;
        Object.keys(instances).forEach(function (id) {
          var chart = instances[id];
          chart.getDom().style.height = "";
          chart.resize();
          layOut(chart, optionsOf(id), null, true);
        });
      });
    });
  }

  window.bulletinGallery = { wechatChart: wechatChart, tilesChart: tilesChart, textBoxes: textBoxes };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
