// Starts Swagger UI on /docs from the locally served bundle (no inline script: the page's
// Content-Security-Policy allows scripts from this server only).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
  });
});
