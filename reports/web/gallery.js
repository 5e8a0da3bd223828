// gallery.js draws the charts of a gallery or chart page and wires their download buttons. It is
// written beside the pages by bulletin (reports/web/gallery.js) and needs nothing from the network.
//
// A chart is an element <div class="chart" data-chart-id="ID"> with its ECharts options in
// <script type="application/json" id="options-ID">. Buttons <button data-download="png|svg"
// data-for="ID" data-name="STEM"> save the chart as a PNG at twice its size or as an SVG, with the
// chart's note (its figcaption) written under the plot. When every
// chart has rendered, document.body.dataset.chartsReady holds their number.
(function () {
  "use strict";

  var instances = {};

  function optionsOf(id) {
    var holder = document.getElementById("options-" + id);
    return JSON.parse(holder.textContent);
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
    var holder = document.createElement("div");
    holder.style.cssText = "position:fixed;left:-20000px;top:0;width:" + width + "px;height:" + (el.clientHeight + saved.extra) + "px";
    document.body.appendChild(holder);
    var chart = echarts.init(holder, null, { renderer: "canvas", width: width, height: el.clientHeight + saved.extra });
    chart.setOption(saved.options);
    var url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" });
    chart.dispose();
    document.body.removeChild(holder);
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
    svg.setOption(saved.options);
    var text = svg.renderToSVGString();
    svg.dispose();
    var url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    save(url, name + ".svg");
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
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
      chart.setOption(optionsOf(id));
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
      if (kind && instances[id]) {
        var name = button.getAttribute("data-name") || id;
        if (kind === "png") {
          savePNG(id, name);
        } else if (kind === "svg") {
          saveSVG(id, name);
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
        Object.keys(instances).forEach(function (id) { instances[id].resize(); });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
