// xxgk web: /docs — Swagger UI (vendored) over /openapi.json; no inline script (CSP), nothing from outside.
"use strict";

(function () {
  var el = document.getElementById("swagger-ui");
  if (!el || typeof SwaggerUIBundle === "undefined") { return; }
  var meta = document.querySelector("meta[name='csrf-token']");
  SwaggerUIBundle({
    url: el.getAttribute("data-spec"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,  // never the public validator
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // state-changing requests carry the session's CSRF token, as the pages' forms do
    requestInterceptor: function (req) {
      if (meta) { req.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
      return req;
    }
  });
})();
