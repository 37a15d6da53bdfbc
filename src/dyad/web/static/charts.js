// Draw every chart on the page: each .chart names a JSON script holding its Vega-Lite spec.
// Expressions go through Vega's interpreter (ast: true), so the page's policy needs no eval.
(function () {
  "use strict";
  function draw(el) {
    var source = document.getElementById(el.dataset.spec);
    if (!source || typeof vegaEmbed === "undefined") return;
    var spec = JSON.parse(source.textContent);
    vegaEmbed(el, spec, {
      renderer: "svg",
      actions: false,
      ast: true,  // vega-embed then evaluates expressions with its bundled interpreter
      loader: { target: "_self" },
    }).then(function () { el.dataset.drawn = "yes"; })
      .catch(function (err) { el.textContent = "The chart could not be drawn: " + err; });
  }
  document.querySelectorAll(".chart[data-spec]").forEach(draw);
})();
