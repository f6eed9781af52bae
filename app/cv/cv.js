// "Controleer": asks the issuer to check a credential on the CV, and says what it found.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-verify]");
  if (!button) return;
  const output = button.parentElement.querySelector("output");
  output.className = "";
  output.textContent = button.dataset.checking;
  try {
    const response = await fetch(button.dataset.verify, { cache: "no-store" });
    const verdict = await response.json();
    const status = response.ok ? verdict.status : "invalid";
    output.className = status;
    output.textContent = button.dataset[status] || button.dataset.invalid;
  } catch {
    output.className = "invalid";
    output.textContent = button.dataset.invalid;
  }
});
