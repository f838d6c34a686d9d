// Makes every <select data-searchable> searchable (typing filters the options, accents or not),
// keeping its groups; works with touch on a phone. Without the library the native select stays.
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  function enhance(select) {
    if (!window.TomSelect || select.tomselect) return;
    // The library points the label at its own input; the hidden select keeps its name for readers.
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label && !select.hasAttribute("aria-label")) select.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    var multiple = select.multiple;
    var settings = {
      plugins: multiple ? ["remove_button"] : [],
      maxOptions: null,
      allowEmptyOption: true,
      hidePlaceholder: false,
      placeholder: select.dataset.placeholder || "",
      // Match "chuyen doi so" to "chuyển đổi số".
      score: function (search) {
        var needle = fold(search).trim();
        return function (item) {
          if (!needle) return 1;
          return fold(item.text).indexOf(needle) >= 0 ? 1 : 0;
        };
      },
      render: {
        no_results: function () {
          return '<div class="no-results">' + (select.dataset.noResults || "—") + "</div>";
        },
      },
    };
    new window.TomSelect(select, settings);
  }
  function enhanceAll() {
    document.querySelectorAll("select[data-searchable]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
