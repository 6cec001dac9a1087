// The presentation: one saved view at a time (buttons, arrow keys, the address's #id); printing
// shows every view, one per page (explore.css).
"use strict";

(function () {
  const list = document.getElementById("steps");
  if (!list) return;
  const words = graphkit.readData("present-data");
  const steps = Array.from(list.querySelectorAll(".step"));
  const stepper = document.querySelector(".stepper");
  let current = Math.max(0, steps.findIndex((s) => "#" + s.id === location.hash));
  function show(i) {
    current = Math.min(Math.max(i, 0), steps.length - 1);
    steps.forEach((s, k) => s.classList.toggle("current", k === current));
    document.getElementById("step-count").textContent = words.of.replace("{n}", current + 1).replace("{total}", steps.length);
    history.replaceState(null, "", "#" + steps[current].id);
  }
  list.classList.add("js-steps");
  stepper.hidden = false;
  document.getElementById("step-prev").addEventListener("click", () => show(current - 1));
  document.getElementById("step-next").addEventListener("click", () => show(current + 1));
  document.getElementById("step-print").addEventListener("click", () => window.print());
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, textarea, select")) return;
    if (ev.key === "ArrowRight" || ev.key === "PageDown") show(current + 1);
    if (ev.key === "ArrowLeft" || ev.key === "PageUp") show(current - 1);
  });
  show(current);
})();
