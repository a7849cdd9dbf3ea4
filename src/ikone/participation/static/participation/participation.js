// "Das fehlt mir": a suggested OZG-Leistung fills in the OZG-ID field (no inline scripts: CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-ozg-id]");
  if (!button) return;
  const field = document.getElementById("id_ozg_id");
  if (!field) return;
  field.value = button.dataset.ozgId;
  field.focus();
});
