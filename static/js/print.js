// A "Print" button (data-print) opens the browser's print dialog; the print style sheet
// (waspada.css, @media print) leaves the menus out.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
