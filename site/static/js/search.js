// Suggestions for the search box: titles, reference numbers and agency names as the reader types.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  if (!input || !window.fetch) {
    return;
  }
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var latest = "";
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 2 || text === latest) {
        return;
      }
      latest = text;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) {
          if (text !== latest) {
            return;
          }
          list.replaceChildren.apply(list, data.suggestions.map(function (suggestion) {
            var option = document.createElement("option");
            option.value = suggestion.value;
            option.label = suggestion.label;
            return option;
          }));
        })
        .catch(function () { list.replaceChildren(); });
    }, 200);
  });
})();
