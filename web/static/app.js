// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Drag-and-drop onto the upload zone fills its file input.
  document.querySelectorAll("[data-dropzone]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    var status = zone.querySelector("[data-drop-status]");
    if (!input) { return; }
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        if (status) {
          status.textContent = Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ");
        }
      }
    });
  });
})();
