// The questions' searchable lists: each <input list=...> with data-search-kind fills its
// <datalist> from /api/actors as the user types (a name or an acronym, in any language).
"use strict";

(function () {
  const WAIT_MS = 150;

  function fill(list, hits) {
    const options = hits.map((hit) => {
      const option = document.createElement("option");
      option.value = hit.label;  // the name is what the form sends; the server finds the id
      return option;
    });
    list.replaceChildren(...options);
  }

  function watch(input) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    let timer = null;
    let asked = "";
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const q = input.value.trim();
        if (q === asked) return;
        asked = q;
        const params = new URLSearchParams({ q, kind: input.dataset.searchKind || "", limit: "30" });
        fetch("/api/actors?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : []))
          .then((hits) => { if (asked === q) { fill(list, hits); list.dataset.for = q; } })
          .catch(() => {});
      }, WAIT_MS);
    });
  }

  // The header's "as of" day asks the same question again on the new day: it carries the
  // question's fields along (the address stays the question, bookmarkable).
  function carryQuestion(form) {
    form.addEventListener("submit", () => {
      const asked = new URLSearchParams(window.location.search);
      for (const [name, value] of asked) {
        if (name === "as_of" || name === "lang" || name === "token") continue;
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = value;
        form.appendChild(hidden);
      }
    });
  }

  document.querySelectorAll("input[data-search-kind]").forEach(watch);
  document.querySelectorAll("form.as-of").forEach(carryQuestion);
  window.graphkitAskReady = true;
})();
