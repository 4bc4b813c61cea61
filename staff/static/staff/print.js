/* A button marked data-print prints the page (no inline handlers: the CSP forbids them). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
