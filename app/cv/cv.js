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

// "Delen": the phone's share sheet, offered only where the browser has one.
for (const button of document.querySelectorAll("button[data-share]")) {
  if (typeof navigator.share !== "function") continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.share({ title: button.dataset.title, url: location.href });
    } catch {
      // Closing the share sheet is no error worth telling.
    }
  });
}
