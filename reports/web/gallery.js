// gallery.js draws the charts of a gallery or chart page and wires their download buttons. It is
// written beside the pages by bulletin (reports/web/gallery.js) and needs nothing from the network.
//
// A chart is an element <div class="chart" data-chart-id="ID"> with its ECharts options in
// <script type="application/json" id="options-ID">. Buttons <button data-download="png|svg"
// data-for="ID" data-name="STEM"> save the chart as a PNG at twice its size or as an SVG. When every
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

  function savePNG(id, name) {
    var chart = instances[id];
    save(chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#ffffff" }), name + ".png");
  }

  // The SVG is drawn by a second, server-side-style instance of the same size, so the page keeps its
  // canvas renderer (faster, and what the PNG is taken from).
  function saveSVG(id, name) {
    var el = instances[id].getDom();
    var svg = echarts.init(null, null, {
      renderer: "svg", ssr: true, width: el.clientWidth, height: el.clientHeight
    });
    var options = optionsOf(id);
    options.animation = false;
    svg.setOption(options);
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
