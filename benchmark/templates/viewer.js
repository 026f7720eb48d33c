(function () {
  "use strict";
  var typeSelect = document.getElementById("f-type");
  var kindBoxes = Array.prototype.slice.call(document.querySelectorAll("input.f-kind"));
  var docs = Array.prototype.slice.call(document.querySelectorAll("details.doc"));
  var counter = document.getElementById("f-count");

  function apply() {
    var type = typeSelect.value;
    var kinds = {};
    var everything = type === "";
    kindBoxes.forEach(function (box) {
      kinds[box.value] = box.checked;
      if (!box.checked) {
        everything = false;
      }
    });
    var shown = 0;
    docs.forEach(function (doc) {
      var any = false;
      doc.querySelectorAll("[data-kind]").forEach(function (el) {
        var ok = (type === "" || el.getAttribute("data-type") === type) &&
          kinds[el.getAttribute("data-kind")] === true;
        el.classList.toggle("dim", !ok);
        if (ok) {
          any = true;
        }
      });
      doc.hidden = !(everything || any);
      if (!doc.hidden) {
        shown += 1;
      }
    });
    counter.textContent = "showing " + shown + " of " + docs.length + " documents";
  }

  function setOpen(open) {
    docs.forEach(function (doc) {
      if (!doc.hidden) {
        doc.open = open;
      }
    });
  }

  typeSelect.addEventListener("change", apply);
  kindBoxes.forEach(function (box) {
    box.addEventListener("change", apply);
  });
  document.getElementById("f-expand").addEventListener("click", function () { setOpen(true); });
  document.getElementById("f-collapse").addEventListener("click", function () { setOpen(false); });
  apply();
}());
